import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'pretty';

/** Logging variables both apps read; each app's config schema spreads this in. */
export const logEnv = {
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
};

/** The format when LOG_FORMAT is unset: JSON lines in production (NODE_ENV=production, as in the images), else pretty. */
export function defaultLogFormat(env: NodeJS.ProcessEnv): LogFormat {
  return env['NODE_ENV'] === 'production' ? 'json' : 'pretty';
}

export interface LogSettings {
  level: LogLevel;
  format: LogFormat;
}
