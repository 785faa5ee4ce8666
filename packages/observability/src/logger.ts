import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogSettings } from './env.js';

export type { Logger } from 'pino';

/**
 * What is never written to a log: credentials a request carries, and task parameters and results,
 * which are the users' data (a task's own log lines are stored with the task, not here).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'parameters',
  'result',
  '*.parameters',
  '*.result',
  '*.password',
  '*.secret',
  '*.token',
  '*.api_key',
  '*.apiKey',
];

/**
 * The process's pino logger: JSON lines (one object per line, `level` as a word, ISO `time`) or,
 * for a person at a terminal, pino-pretty's coloured lines. Pretty printing runs in this thread
 * (`sync`): no worker thread to start for every process, and nothing lost at exit.
 */
export function createLogger(service: string, settings: LogSettings, base: Record<string, unknown> = {}): Logger {
  const options: pino.LoggerOptions = {
    level: settings.level,
    base: { service, ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // The active span (only when tracing is on): every line written inside a request or an
    // attempt names the trace it belongs to.
    mixin: traceFields,
  };
  if (settings.format === 'json') return pino(options);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-boolean-literal-compare -- typed boolean, but undefined when stdout is no terminal
  const colorize = !process.env['NO_COLOR'] && process.stdout.isTTY === true;
  return pino(options, pretty({ sync: true, colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', singleLine: true }));
}

/** A new object each time: pino merges the line's own fields into it. */
function traceFields(): object {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const context = span.spanContext();
  return isSpanContextValid(context) ? { trace_id: context.traceId, span_id: context.spanId } : {};
}
