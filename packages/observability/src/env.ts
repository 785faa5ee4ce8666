import { envVar } from '@atropos/config';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'pretty';

/** Logging variables both apps read; each app's declarations spread this in. */
export const logEnv = {
  logLevel: envVar(
    'LOG_LEVEL',
    z.enum(LOG_LEVELS).default('info'),
    'Lowest level logged; successful requests and each step of an attempt are debug',
  ),
  logFormat: envVar(
    'LOG_FORMAT',
    z.enum(['json', 'pretty']).optional(),
    'json: one JSON object per line; pretty: coloured lines. Unset: json with NODE_ENV=production, else pretty',
  ),
};

export interface LogSettings {
  level: LogLevel;
  format: LogFormat;
}

/** The logger's settings from what logEnv read; LOG_FORMAT unset means JSON in production (NODE_ENV=production, as in the images). */
export function logSettings(config: { logLevel: LogLevel; logFormat?: LogFormat | undefined }, env: NodeJS.ProcessEnv): LogSettings {
  return { level: config.logLevel, format: config.logFormat ?? (env['NODE_ENV'] === 'production' ? 'json' : 'pretty') };
}
