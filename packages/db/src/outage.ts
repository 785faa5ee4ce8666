/**
 * Whether an error means PostgreSQL cannot be reached right now (refused, cut, shutting down,
 * pool timeout), as opposed to a bad query. Callers retry or answer 503 on these, never count them
 * as a task's failure.
 */
export function isPostgresUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { message = '', code, driverError } = error as { message?: string; code?: unknown; driverError?: unknown };
  if (driverError && driverError !== error && isPostgresUnavailable(driverError)) return true;
  if (typeof code === 'string' && (POSTGRES_OUTAGE.test(code) || NETWORK_CODES.has(code))) return true;
  return OUTAGE_MESSAGE.test(message);
}

/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, restart). */
const POSTGRES_OUTAGE = /^(08|57P)/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);
const OUTAGE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|Client has encountered a connection error/;
