import { envVar } from '@atropos/config';
import { z } from 'zod';

/** Environment both apps read to reach PostgreSQL; each app's declarations spread this in. */
export const databaseEnv = {
  databaseUrl: envVar(
    'DATABASE_URL',
    z
      .url({
        protocol: /^postgres(ql)?$/,
        error: 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/atropos',
      })
      .default('postgres://postgres@127.0.0.1:5432/atropos'),
    'PostgreSQL to keep tasks in; the API creates the database if it is missing',
  ),
  databasePoolSize: envVar('DATABASE_POOL_SIZE', z.coerce.number().int().min(1).max(200).default(10), 'Connections per process'),
};
