/**
 * The web server's settings, read in one place. They are read at request time, not at build
 * time, so one build runs against any API.
 */
import type { EnvConfig } from '@atropos/config';
import { envVar, parseEnv } from '@atropos/config';
import { z } from 'zod';

const DEFAULT_API_URL = 'http://127.0.0.1:8000';

/** Every variable the web server reads (WEB_PORT is read by the `next start` command line, not here). */
export const webEnv = {
  apiUrl: envVar(
    'API_URL',
    z
      .string()
      .trim()
      .default(DEFAULT_API_URL)
      .transform((url) => url || DEFAULT_API_URL)
      .pipe(z.url({ protocol: /^https?$/, error: `must be an http(s) address such as ${DEFAULT_API_URL}` }))
      .transform((url) => url.replace(/\/+$/, '')),
    'Where the web server finds the API (read when it runs, not at build)',
  ),
  apiKey: envVar(
    'API_KEY',
    z
      .string()
      .trim()
      .optional()
      .transform((key) => key || undefined),
    'Key the web server sends when the API has API_KEYS: admin for the queue buttons, write for the rest',
  ),
  signIn: envVar(
    'WEB_SIGN_IN',
    z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true'),
    'true: people sign in (users of the API) and the web calls the API as them, never with API_KEY; false: open, for development',
  ),
  traceUrlTemplate: envVar(
    'TRACE_URL_TEMPLATE',
    z
      .string()
      .trim()
      .optional()
      .transform((template) => template || undefined),
    "A trace viewer's address of one trace, {trace_id} replaced: a task's page links to its trace",
  ),
};

export type WebConfig = EnvConfig<typeof webEnv>;

let cached: WebConfig | undefined;

/** Reads and validates the settings; a malformed one throws a message saying what to fix. */
export function loadWebConfig(env: Readonly<Record<string, string | undefined>> = process.env): WebConfig {
  return parseEnv(webEnv, env, 'web');
}

/** The settings, read at the first request; a malformed one fails every request with what to fix. */
function webConfig(): WebConfig {
  cached ??= loadWebConfig();
  return cached;
}

/** Where the API is. */
export function apiUrl(): string {
  return webConfig().apiUrl;
}

/**
 * The API key the web server sends (API_KEY), for an API started with API_KEYS; an `admin` key
 * lets the dashboard pause, resume and flush the queue, a `write` key does the rest.
 */
export function apiKey(): string | undefined {
  return webConfig().apiKey;
}

/** Whether people must sign in: then every API call carries the signed-in user's session, never API_KEY. */
export function signInEnabled(): boolean {
  return webConfig().signIn;
}

/**
 * Where a person opens a task's trace: TRACE_URL_TEMPLATE with `{trace_id}` replaced, e.g.
 * `http://jaeger:16686/trace/{trace_id}`; unset, the trace id is shown without a link.
 */
export function traceUrl(traceId: string): string | undefined {
  const template = webConfig().traceUrlTemplate;
  return template ? template.replaceAll('{trace_id}', encodeURIComponent(traceId)) : undefined;
}
