/**
 * Tells an outage of a dependency from a bug: errors that mean PostgreSQL or Redis cannot be
 * reached become 503 with the dependency's name, so a client knows to retry, instead of a 500.
 */
export type Dependency = 'PostgreSQL' | 'Redis';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);
/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, restart). */
const POSTGRES_OUTAGE = /^(08|57P)/;

export function unavailableDependency(error: unknown): Dependency | null {
  if (typeof error !== 'object' || error === null) return null;
  const { name = '', message = '', code } = error as { name?: string; message?: string; code?: unknown };
  const driverError = (error as { driverError?: unknown }).driverError;
  if (driverError && driverError !== error) return unavailableDependency(driverError) ?? (looksLikePostgres(message) ? 'PostgreSQL' : null);
  if (name === 'MaxRetriesPerRequestError' || /^Connection is closed|Stream isn't writeable|Redis did not/.test(message)) return 'Redis';
  if (typeof code === 'string' && POSTGRES_OUTAGE.test(code)) return 'PostgreSQL';
  if (looksLikePostgres(message)) return 'PostgreSQL';
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return /:6379\b|redis/i.test(message) ? 'Redis' : 'PostgreSQL';
  }
  return null;
}

function looksLikePostgres(message: string): boolean {
  return /Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/.test(message);
}
