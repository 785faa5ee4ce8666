import { isPostgresUnavailable } from '@atropos/db';

/**
 * Tells an outage of a dependency from a bug: errors that mean PostgreSQL or Redis cannot be
 * reached become 503 with the dependency's name, so a client knows to retry, instead of a 500.
 */
export type Dependency = 'PostgreSQL' | 'Redis';

export function unavailableDependency(error: unknown): Dependency | null {
  if (typeof error !== 'object' || error === null) return null;
  const { name = '', message = '' } = error as { name?: string; message?: string };
  // ioredis' words for a connection that is down; checked first since a refused Redis connection
  // carries the same ECONNREFUSED code as a refused PostgreSQL one.
  if (name === 'MaxRetriesPerRequestError' || /^Connection is closed|Stream isn't writeable|:6379\b/.test(message)) {
    return 'Redis';
  }
  return isPostgresUnavailable(error) ? 'PostgreSQL' : null;
}
