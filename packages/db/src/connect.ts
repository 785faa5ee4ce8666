import type { DataSource } from 'typeorm';

export interface ConnectOptions {
  /** Give up after this long; PostgreSQL that is not up by then is a real outage. */
  timeoutMs?: number;
  delayMs?: number;
  onRetry?: (error: unknown) => void;
}

/**
 * Connects, retrying while PostgreSQL is still starting or the database is still being created
 * (the API creates it on first start, and a worker started beside it may get there first).
 */
export async function connectWithRetry(
  connect: () => Promise<DataSource>,
  { timeoutMs = 60_000, delayMs = 1_000, onRetry }: ConnectOptions = {},
): Promise<DataSource> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await connect();
    } catch (error) {
      if (Date.now() + delayMs > deadline) throw error;
      onRetry?.(error);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
