import type { AppProcess, RunningApi, RunningWeb, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, startWeb, startWorker } from '@atropos/testing';
import type { Browser, BrowserContext } from 'playwright-core';
import { LAPTOP, launchBrowser } from './browser.js';

/** The whole platform a browser test drives, on a database and Redis prefix of its own. */
export interface BrowserPlatform {
  db: TestDatabase;
  queue: TestQueue;
  api: RunningApi;
  worker: AppProcess;
  web: RunningWeb;
  browser: Browser;
  /** A laptop-sized browser context; tests open their pages in it. */
  context: BrowserContext;
  stop(): Promise<void>;
}

/** Starts the API (with `apiEnv` on top of the test database and queue), a worker, the web (with `webEnv`) and Chromium. */
export async function startBrowserPlatform(
  apiEnv: Record<string, string> = {},
  webEnv: Record<string, string> = {},
): Promise<BrowserPlatform> {
  const db = await createTestDatabase();
  const queue = createTestQueue();
  const env = { DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix };
  const api = await startApi({ ...env, ...apiEnv });
  const [worker, web, browser] = await Promise.all([
    startWorker({ ...env, PROGRESS_WRITE_INTERVAL_MS: '100', HEARTBEAT_INTERVAL_MS: '1000' }),
    startWeb(api.baseUrl, webEnv),
    launchBrowser(),
  ]);
  const context = await browser.newContext({ viewport: LAPTOP });
  return {
    db,
    queue,
    api,
    worker,
    web,
    browser,
    context,
    async stop() {
      await context.close();
      await browser.close();
      await Promise.all([web.process.stop(), worker.stop(), api.process.stop()]);
      await queue.cleanUp();
      await db.drop();
    },
  };
}
