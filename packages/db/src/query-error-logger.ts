import type { Logger } from 'typeorm';

/** Longest part of a failed statement's text written to the log. */
const MAX_QUERY_CHARS = 500;

/**
 * TypeORM's logger for every data source: it writes a failed statement's error and text, never its
 * bound parameters. A grouped write carries the parameters, results and errors of many tasks (of
 * many API keys) at once; TypeORM's own loggers print them all with the failure of any one.
 */
export class QueryErrorLogger implements Logger {
  logQueryError(error: string | Error, query: string): void {
    const reason = typeof error === 'string' ? error : error.message;
    const text = query.replace(/\s+/g, ' ').trim();
    const shown = text.length > MAX_QUERY_CHARS ? `${text.slice(0, MAX_QUERY_CHARS)}…` : text;
    console.error(`[TypeORM] query failed: ${reason} -- ${shown} -- (parameters not logged)`);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') console.warn(`[TypeORM] ${String(message)}`);
  }

  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
}
