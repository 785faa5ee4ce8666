/**
 * What watching Atropos costs: the same end-to-end run with metrics and logs on, as an operator
 * runs them (JSON logs at info, the API's /metrics and a worker's METRICS_PORT, both scraped),
 * and off (METRICS_ENABLED=false, no METRICS_PORT, LOG_LEVEL=silent).
 */
export type ObserveMode = 'on' | 'off';

export function observeEnv(mode: ObserveMode, metricsPort: number): { api: Record<string, string>; worker: Record<string, string> } {
  if (mode === 'off') {
    return { api: { METRICS_ENABLED: 'false', LOG_LEVEL: 'silent' }, worker: { LOG_LEVEL: 'silent' } };
  }
  return {
    api: { METRICS_ENABLED: 'true', LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
    worker: { LOG_LEVEL: 'info', LOG_FORMAT: 'json', METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1' },
  };
}

/** Scrapes the given /metrics addresses every `everyMs` until stopped, as Prometheus would; counts failures. */
export function scrapeEvery(urls: string[], everyMs: number): { stop(): Promise<number> } {
  let failures = 0;
  let scraping = Promise.resolve();
  const timer = setInterval(() => {
    scraping = Promise.all(
      urls.map((url) =>
        fetch(url)
          .then((response) => response.text().then(() => (response.ok ? undefined : failures++)))
          .catch(() => failures++),
      ),
    ).then(() => undefined);
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await scraping;
      return failures;
    },
  };
}
