import { z } from 'zod';

/** Environment both apps read to reach PostgreSQL; each app's config schema spreads this in. */
export const databaseEnv = {
  DATABASE_URL: z
    .url({
      protocol: /^postgres(ql)?$/,
      error: 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/atropos',
    })
    .default('postgres://postgres@127.0.0.1:5432/atropos'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
};
