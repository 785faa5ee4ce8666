/**
 * The web server's settings, read in one place. API_URL is read at request time, not at build
 * time, so one build runs against any API.
 */
const DEFAULT_API_URL = 'http://127.0.0.1:8000';

let cached: string | undefined;

/** Where the API is; a malformed API_URL fails every request with a message saying what to fix. */
export function apiUrl(): string {
  if (cached) return cached;
  const raw = process.env.API_URL?.trim() || DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`API_URL must be an http(s) address such as ${DEFAULT_API_URL}; got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`API_URL must start with http:// or https://; got "${raw}"`);
  }
  cached = raw.replace(/\/+$/, '');
  return cached;
}

/**
 * The API key the web server sends (API_KEY), for an API started with API_KEYS; an `admin` key
 * lets the dashboard pause, resume and flush the queue, a `write` key does the rest.
 */
export function apiKey(): string | undefined {
  return process.env.API_KEY?.trim() || undefined;
}

/**
 * Where a person opens a task's trace: TRACE_URL_TEMPLATE with `{trace_id}` replaced, e.g.
 * `http://jaeger:16686/trace/{trace_id}`; unset, the trace id is shown without a link.
 */
export function traceUrl(traceId: string): string | undefined {
  const template = process.env.TRACE_URL_TEMPLATE?.trim();
  return template ? template.replaceAll('{trace_id}', encodeURIComponent(traceId)) : undefined;
}
