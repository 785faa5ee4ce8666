import { randomUUID } from 'node:crypto';
import type { RunningApi, RunningWeb, TestDatabase } from '@atropos/testing';
import { waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { collectPageErrors, LAPTOP, PHONE, screenshot } from './browser.js';
import type { BrowserPlatform } from './platform.js';
import { startBrowserPlatform } from './platform.js';

/**
 * The web UI in a real browser: headless Chromium against the built web (`next start`), the API
 * and a worker, on a database and Redis prefix of this file's own.
 */

let platform: BrowserPlatform;
let db: TestDatabase;
let api: RunningApi;
let web: RunningWeb;
let context: BrowserContext;

beforeAll(async () => {
  platform = await startBrowserPlatform({ TASK_RETRY_BACKOFF_MS: '200' });
  ({ db, api, web, context } = platform);
}, 120_000);

afterAll(() => platform?.stop());

/** Creates a task straight through the API, for tests about other pages than the form. */
async function createTask(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${api.baseUrl}/tasks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function openPage(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${web.baseUrl}${path}`);
  return { page, errors };
}

/** Page errors that matter: an uncaught exception, a failed hydration; not a stream closed by navigation. */
function seriousErrors(errors: string[]): string[] {
  return errors.filter((error) => !/EventSource|net::ERR_|Failed to load resource/i.test(error));
}

/** Marks the document, so a later check can tell that the page was never reloaded. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __notReloaded: true }));
}

async function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded === true);
}

describe('the web UI', () => {
  it('creates a task from the form, then shows it progress live and complete on its page without a reload', async () => {
    const { page, errors } = await openPage('/tasks/new');
    await page.getByRole('radio', { name: /data_processing/ }).check();
    await page.getByLabel('Record count', { exact: true }).fill('200000');
    await page.getByLabel('Processing time', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Create task' }).click();

    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await markDocument(page);
    await page.getByText('Live', { exact: true }).waitFor();

    // Progress between 0 and 100 shows up as the worker reports it: the stream reached the page.
    const progress = page.getByRole('progressbar', { name: 'Progress of this task' });
    await waitFor(
      'progress strictly between 0 and 100 on the page',
      async () => {
        const value = Number(await progress.getAttribute('aria-valuenow'));
        return value > 0 && value < 100;
      },
      { timeoutMs: 15_000 },
    );
    await expect(page.getByTestId('task-status').textContent()).resolves.toBe('processing');
    await screenshot(page, 'task-processing-laptop');

    await page.getByTestId('task-status').getByText('completed').waitFor({ timeout: 20_000 });
    await page.getByText('Distribution of the 200,000 records').waitFor();
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    expect(await stillSameDocument(page)).toBe(true);

    const row = await db.query<{ status: string; parameters: { record_count: number } }>(
      'SELECT status, parameters FROM tasks WHERE id = $1',
      [id],
    );
    expect(row[0]).toMatchObject({ status: 'completed', parameters: { record_count: 200000 } });
    await screenshot(page, 'task-completed-laptop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'task-completed-phone');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it("shows the API's validation message beside the field at fault", async () => {
    const { page, errors } = await openPage('/tasks/new');
    await page.getByRole('radio', { name: /video_processing/ }).check();
    const fps = page.getByLabel('FPS', { exact: true });
    await fps.fill('500');
    await page.getByRole('button', { name: 'Create task' }).click();

    const message = page.locator('[data-field-error="parameters.fps"]');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/240/);
    expect(await fps.getAttribute('aria-invalid')).toBe('true');
    // The message is tied to its field for screen readers, and the field has the focus.
    expect((await fps.getAttribute('aria-describedby'))?.split(' ')).toContain(await message.getAttribute('id'));
    expect(await fps.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(page.url()).toBe(`${web.baseUrl}/tasks/new`);
    await screenshot(page, 'new-task-invalid-laptop');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it('shows every failed attempt of a task with its error', async () => {
    const id = await createTask({
      task_type: 'default',
      parameters: { processing_time: 0, fail_attempts: 2, message: 'third time lucky' },
    });
    const { page, errors } = await openPage(`/tasks/${id}`);
    await page.getByTestId('task-status').getByText('completed').waitFor({ timeout: 20_000 });
    const attempts = page.getByTestId('attempt-errors').getByRole('listitem');
    await waitFor('two failed attempts listed', async () => (await attempts.count()) === 2);
    expect(await attempts.nth(0).textContent()).toContain('Simulated failure of attempt 1');
    expect(await attempts.nth(1).textContent()).toContain('Simulated failure of attempt 2');
    expect(await page.getByTestId('task-attempts').textContent()).toBe('3 of 4');
    await screenshot(page, 'task-retried-laptop');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it('filters the list by status and type through the URL', async () => {
    const report = await createTask({ task_type: 'report_generation', parameters: { processing_time: 0 } });
    const other = await createTask({ task_type: 'default', parameters: { processing_time: 0 } });
    await waitFor('both tasks completed', async () => {
      const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1) AND status = 'completed'`, [
        [report, other],
      ]);
      return rows[0]!.n === 2;
    });

    const { page, errors } = await openPage('/tasks');
    await page.locator(`tr[data-task-id="${other}"]`).waitFor();
    await page.getByLabel('Type').selectOption('report_generation');
    await page.waitForURL(/type=report_generation/);
    await page.locator(`tr[data-task-id="${report}"]`).waitFor();
    await waitFor('only report_generation rows', async () => (await page.locator(`tr[data-task-id="${other}"]`).count()) === 0);
    // The first cell holds the row's checkbox (bulk actions); the second, the task's title.
    const types = await page.locator('tbody tr td:nth-child(2) a').allTextContents();
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['report_generation']));

    await page.getByRole('checkbox', { name: 'failed' }).check();
    await page.waitForURL(/status=failed/);
    await page.getByText('No task matches these filters').waitFor();
    expect(new URL(page.url()).searchParams.get('type')).toBe('report_generation');

    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForURL(`${web.baseUrl}/tasks`);
    await page.locator(`tr[data-task-id="${other}"]`).waitFor();
    expect(await page.getByLabel('Type').inputValue()).toBe('');
    await screenshot(page, 'tasks-laptop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'tasks-phone');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it('filters the list by several statuses and a parameter, through the URL and the form', async () => {
    const tag = `filters-${randomUUID().slice(0, 8)}`;
    const completed = await createTask({ task_type: 'default', parameters: { processing_time: 0, message: tag } });
    const pending = await createTask({ task_type: 'default', parameters: { processing_time: 0, message: tag }, delay_ms: 3_600_000 });
    const cancelled = await createTask({ task_type: 'default', parameters: { processing_time: 0, message: tag }, delay_ms: 3_600_000 });
    const other = await createTask({ task_type: 'default', parameters: { processing_time: 0, message: `${tag}-other` } });
    expect((await fetch(`${api.baseUrl}/tasks/${cancelled}/cancel`, { method: 'POST' })).status).toBe(200);
    await waitFor('the two quick tasks completed', async () => {
      const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1) AND status = 'completed'`, [
        [completed, other],
      ]);
      return rows[0]!.n === 2;
    });
    const row = (page: Page, id: string) => page.locator(`tr[data-task-id="${id}"]`);
    const shown = async (page: Page, ids: string[]) => {
      for (const id of ids) await row(page, id).waitFor();
    };
    const hidden = (page: Page, ids: string[]) =>
      waitFor(`rows ${ids.join(', ')} gone`, async () => (await Promise.all(ids.map((id) => row(page, id).count()))).every((n) => n === 0));

    // Through the URL: the list and the form both read it.
    const { page, errors } = await openPage(`/tasks?status=pending,cancelled&param.message=${tag}`);
    await shown(page, [pending, cancelled]);
    await hidden(page, [completed, other]);
    expect(await page.getByRole('checkbox', { name: 'pending' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'cancelled' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'completed' }).isChecked()).toBe(false);
    expect(await page.getByLabel('Parameter', { exact: true }).inputValue()).toBe('message');
    expect(await page.getByLabel('Equals', { exact: true }).inputValue()).toBe(tag);
    await screenshot(page, 'tasks-filtered-laptop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'tasks-filtered-phone');
    await page.setViewportSize(LAPTOP);

    // Through the form: a parameter, then statuses one by one, each kept in the URL.
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForURL(`${web.baseUrl}/tasks`);
    await page.getByLabel('Parameter', { exact: true }).fill('message');
    await page.getByLabel('Equals', { exact: true }).fill(tag);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.searchParams.get('param.message') === tag && !url.searchParams.has('status'));
    await shown(page, [completed, pending, cancelled]);
    await hidden(page, [other]);

    await page.getByRole('checkbox', { name: 'completed' }).check();
    await page.waitForURL((url) => url.searchParams.get('status') === 'completed');
    await hidden(page, [pending, cancelled]);
    await shown(page, [completed]);
    await page.getByRole('checkbox', { name: 'pending' }).check();
    await page.waitForURL((url) => url.searchParams.get('status') === 'pending,completed' && url.searchParams.get('param.message') === tag);
    await shown(page, [completed, pending]);
    await hidden(page, [cancelled, other]);

    // A time range the API refuses: its message is shown.
    await page.getByLabel('Created from').fill('2026-11-23T10:00');
    await page.getByLabel('Created before').fill('2026-11-23T09:00');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.searchParams.has('created_before'));
    const alert = page.getByRole('alert').filter({ hasText: 'These filters are not valid' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/created_before: must be later than created_after/);
    expect(await page.getByLabel('Created from').inputValue()).toBe('2026-11-23T10:00');
    await screenshot(page, 'tasks-filter-invalid-laptop');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it('moves the dashboard counts live, and pauses and resumes the queue', async () => {
    const { page, errors } = await openPage('/');
    await page.getByText('Live', { exact: true }).waitFor();
    await markDocument(page);
    // Without WEB_SIGN_IN, every page says that anyone who reaches it can act.
    expect(await page.getByTestId('open-banner').textContent()).toContain('This Atropos is open');
    const total = page.getByTestId('count-total');
    const before = Number((await total.textContent())?.replace(/,/g, ''));

    await createTask({ task_type: 'video_processing', parameters: { processing_time: 0 } });
    await waitFor('the total to grow', async () => Number((await total.textContent())?.replace(/,/g, '')) === before + 1);
    expect(await stillSameDocument(page)).toBe(true);

    await page.getByRole('button', { name: 'Pause queue' }).click();
    await page.getByTestId('queue-state').getByText('Paused').waitFor();
    const state = (await (await fetch(`${api.baseUrl}/queue`)).json()) as { paused: boolean };
    expect(state.paused).toBe(true);
    await page.getByRole('button', { name: 'Resume queue' }).click();
    await page.getByTestId('queue-state').getByText('Running').waitFor();

    await page.getByRole('button', { name: 'Flush queue' }).click();
    const dialog = page.getByRole('dialog', { name: 'Flush the queue?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel waiting tasks' }).click();
    await page.getByText(/Cancelled \d+ pending or retrying task/).waitFor();

    await screenshot(page, 'dashboard-laptop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'dashboard-phone');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it('says so when the live stream is down, and follows the task by polling until it completes', async () => {
    const id = await createTask({ task_type: 'default', parameters: { processing_time: 2 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    // The browser's stream is cut; the page itself still loads.
    await page.route('**/api/tasks/events**', (route) => route.abort());
    await page.goto(`${web.baseUrl}/tasks/${id}`);
    await page.getByText(/Live updates interrupted: checking every 5 s/).waitFor();
    await markDocument(page);
    await page.getByTestId('task-status').getByText('completed').waitFor({ timeout: 20_000 });
    expect(await stillSameDocument(page)).toBe(true);
    await screenshot(page, 'task-polling-laptop');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it("lists a task's files on its page, and the download link gives the artifact's bytes", async () => {
    // random_bytes is one of the command types shipped in config/task-types.json.
    const id = await createTask({ task_type: 'random_bytes', parameters: { size_kib: 2 } });
    await waitFor('random_bytes to complete', async () => {
      const task = (await (await fetch(`${api.baseUrl}/tasks/${id}`)).json()) as { status: string };
      if (task.status === 'failed') throw new Error(`random_bytes failed: ${JSON.stringify(task)}`);
      return task.status === 'completed';
    });
    const { page, errors } = await openPage(`/tasks/${id}`);
    const link = page.getByTestId('artifacts').getByRole('link', { name: 'random.bin' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    expect(href).toBe(`/api/tasks/${id}/artifacts/random.bin`);

    const [viaWeb, viaApi] = await Promise.all([fetch(`${web.baseUrl}${href!}`), fetch(`${api.baseUrl}/tasks/${id}/artifacts/random.bin`)]);
    expect(viaWeb.status).toBe(200);
    expect(viaWeb.headers.get('content-type')).toBe('application/octet-stream');
    expect(viaWeb.headers.get('content-disposition')).toBe('attachment; filename="random.bin"');
    const bytes = Buffer.from(await viaWeb.arrayBuffer());
    expect(bytes.length).toBe(2048);
    expect(bytes).toEqual(Buffer.from(await viaApi.arrayBuffer()));

    // The browser itself saves the file under its name.
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('random.bin');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it('answers its own health check without the API', async () => {
    const response = await fetch(`${web.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('streams the events through the web server as they happen, not buffered', async () => {
    const stream = await fetch(`${web.baseUrl}/api/tasks/events`);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    const id = await createTask({ task_type: 'default', parameters: { processing_time: 0 } });
    let received = '';
    const decoder = new TextDecoder();
    await waitFor('the new task in the stream', async () => {
      const { value } = await reader.read();
      received += decoder.decode(value);
      return received.includes(id);
    });
    expect(received).toMatch(/event: task\.updated/);
    await reader.cancel();
  });

  it("passes a reconnecting browser's Last-Event-ID on, so the events it missed are replayed", async () => {
    const readUntil = async (response: Response, seen: (text: string) => boolean) => {
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      await waitFor('the events expected in the stream', async () => {
        const { value } = await reader.read();
        text += decoder.decode(value);
        return seen(text);
      });
      await reader.cancel();
      return text;
    };
    const stream = await fetch(`${web.baseUrl}/api/tasks/events`);
    const id = await createTask({ task_type: 'default', parameters: { processing_time: 0 } });
    const completed = (text: string) => new RegExp(`"id":"${id}"[^\\n]*"status":"completed"`).test(text);
    const before = await readUntil(stream, completed);
    // Reconnecting after the first event of the new task must replay the rest, its completion included.
    const firstId = new RegExp(`^id: (.+)\\ndata: .*"id":"${id}"`, 'm').exec(before)?.[1] ?? '';
    expect(firstId).not.toBe('');
    const replayed = await readUntil(await fetch(`${web.baseUrl}/api/tasks/events`, { headers: { 'Last-Event-ID': firstId } }), completed);
    expect(replayed).not.toContain(`id: ${firstId}\n`);
    expect(replayed).not.toMatch(/event: reset/);
  });
});
