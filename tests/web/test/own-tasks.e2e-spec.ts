import path from 'node:path';
import { AppProcess, repoRoot, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { collectPageErrors, screenshot } from './browser.js';
import type { BrowserPlatform } from './platform.js';
import { startBrowserPlatform } from './platform.js';

/**
 * A project's own task type in the web UI: examples/my-tasks' worker (the atropos-worker command of
 * @atropos/worker) registers invoice_pdf, and the new-task form offers it with its live worker,
 * creates its task from its registered schema, and says so when no worker serves it.
 */
let platform: BrowserPlatform;
let example: AppProcess | undefined;

beforeAll(async () => {
  platform = await startBrowserPlatform();
}, 120_000);

afterAll(async () => {
  await example?.stop();
  await platform?.stop();
});

function startExampleWorker(): AppProcess {
  const root = repoRoot();
  return AppProcess.node(
    'my-tasks',
    [path.join(root, 'packages/worker/dist/bin/atropos-worker.js'), path.join(root, 'examples/my-tasks/dist/my-tasks.js')],
    {
      DATABASE_URL: platform.db.url,
      REDIS_URL: platform.queue.redisUrl,
      QUEUE_PREFIX: platform.queue.prefix,
      PROGRESS_WRITE_INTERVAL_MS: '100',
      HEARTBEAT_INTERVAL_MS: '500',
    },
  );
}

describe("the new-task form and a project's own task type", () => {
  it('offers the registered type with its live worker, and creates and runs its task from its schema', async () => {
    example = startExampleWorker();
    await example.waitForLog('takes tasks', 30_000);
    const page = await platform.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${platform.web.baseUrl}/tasks/new?type=invoice_pdf`);

    await expect(page.getByTestId('workers-invoice_pdf').textContent()).resolves.toContain('registered by a worker · 1 live worker');
    await page.getByRole('radio', { name: /invoice_pdf/ }).check();
    expect(await page.getByTestId('type-note').count()).toBe(0);
    await page.getByLabel(/^Invoice/).fill('INV-WEB-1');
    await page.getByLabel('Pages', { exact: true }).fill('3');
    await page.getByLabel(/^Seconds per page/).fill('0.3');
    await screenshot(page, 'new-task-registered-type-laptop');
    await page.getByRole('button', { name: 'Create task' }).click();

    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await page.getByTestId('task-status').getByText('completed').waitFor({ timeout: 30_000 });
    const [row] = await platform.db.query<{ parameters: Record<string, unknown>; result: Record<string, unknown> }>(
      'SELECT parameters, result FROM tasks WHERE id = $1',
      [id],
    );
    expect(row).toMatchObject({
      parameters: { invoice_id: 'INV-WEB-1', pages: 3, seconds_per_page: 0.3, customer: 'ACME Corp' },
      result: { invoice_id: 'INV-WEB-1', pages: 3, artifact: 'invoice-INV-WEB-1.pdf' },
    });
    expect(errors.filter((error) => !/EventSource|net::ERR_|Failed to load resource/i.test(error))).toEqual([]);
    await page.close();
  });

  it('says so when no live worker serves the type', async () => {
    await example!.stop();
    const page = await platform.context.newPage();
    await waitFor(
      'the form to show invoice_pdf without a live worker',
      async () => {
        await page.goto(`${platform.web.baseUrl}/tasks/new?type=invoice_pdf`);
        return (await page.getByTestId('workers-invoice_pdf').textContent())?.includes('no live worker');
      },
      { timeoutMs: 15_000 },
    );
    await expect(page.getByTestId('type-note').textContent()).resolves.toContain('No live worker serves this type');
    await screenshot(page, 'new-task-no-worker-laptop');
    await page.close();
  });
});
