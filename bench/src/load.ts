import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  /** Mean requests per second over the run (autocannon's Req/Sec average). */
  rps: number;
  p50: number;
  p99: number;
  /** Answers that were not 2xx, and connection errors: a run with any is reported, not hidden. */
  failures: number;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  connections: number;
  /** Either a fixed number of requests… */
  amount?: number;
  /** …or a duration in seconds. */
  durationS?: number;
  /** Picks each request's path, e.g. a random task id. */
  path?: () => string;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const nextPath = options.path;
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    body: options.body,
    headers: options.body ? { 'content-type': 'application/json' } : {},
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationS ?? 10 }),
    timeout: 30,
    ...(nextPath ? { requests: [{ setupRequest: (request) => ({ ...request, path: nextPath() }) }] } : {}),
  });
  const failures = result.non2xx + result.errors;
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures,
  };
}
