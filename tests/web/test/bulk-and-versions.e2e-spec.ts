import { randomUUID } from 'node:crypto';
import type { RunningApi, RunningWeb } from '@atropos/testing';
import { waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext } from 'playwright-core';
import { collectPageErrors, screenshot } from './browser.js';
import type { BrowserPlatform } from './platform.js';
import { startBrowserPlatform } from './platform.js';

/**
 * Operator tools on the task pages: row selection on the list with "select all N matching this
 * filter" and a bulk retry confirmed with the API's dry-run count; and, on a task's page, a retry
 * with edited parameters and the versions shown as a diff with the attempts each ran.
 * One attempt per task (TASK_MAX_RETRIES=0): a task that fails on purpose fails at once.
 */
let platform: BrowserPlatform;
let api: RunningApi;
let web: RunningWeb;
let context: BrowserContext;

beforeAll(async () => {
  platform = await startBrowserPlatform({ TASK_MAX_RETRIES: '0' });
  ({ api, web, context } = platform);
}, 120_000);

afterAll(() => platform?.stop());

async function createTasks(tasks: Array<Record<string, unknown>>): Promise<string[]> {
  const response = await fetch(`${api.baseUrl}/tasks/batch`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tasks: tasks.map((task) => ({ task_type: 'default', ...task })) }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { data: Array<{ id: string }> }).data.map((task) => task.id);
}

const ignoredErrors = (errors: string[]) => errors.filter((error) => !/EventSource|net::ERR_|Failed to load resource/i.test(error));

describe('bulk actions on the task list', () => {
  it('selects every task matching the filter beyond the page, confirms with the dry-run count, and retries them', async () => {
    const run = randomUUID().slice(0, 8);
    // 30 tasks, more than a page (25); scheduled an hour ahead so none runs before the test fails it.
    const ids = await createTasks(
      Array.from({ length: 30 }, () => ({ labels: { run }, delay_ms: 3_600_000, parameters: { processing_time: 0 } })),
    );
    const failed = ids.slice(0, 28);
    await platform.db.query(`UPDATE tasks SET status = 'failed', error = 'outside service down', completed_at = now() WHERE id = ANY($1)`, [
      failed,
    ]);

    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${web.baseUrl}/tasks?label.run=${run}`);
    await page.locator('tr[data-task-id]').first().waitFor();

    // One row, then the whole page, then every task the filter matches.
    await page.locator('tr[data-task-id]').first().getByRole('checkbox').check();
    await expect(page.getByTestId('selection-count').textContent()).resolves.toBe('1 task selected.');
    await page.getByRole('checkbox', { name: 'Select every task on this page' }).check();
    await expect(page.getByTestId('selection-count').textContent()).resolves.toBe('25 tasks selected.');
    await page.getByRole('button', { name: 'Select all 30 tasks matching this filter' }).click();
    await expect(page.getByTestId('selection-count').textContent()).resolves.toBe('All 30 tasks matching this filter are selected.');

    // The confirmation shows the dry run: 30 matched, 28 failed ones to retry, 2 pending skipped.
    await page.getByRole('button', { name: 'Retry selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retry 28 tasks?' });
    await dialog.waitFor();
    await expect(dialog.getByTestId('dry-run-count').textContent()).resolves.toBe(
      '30 tasks selected; the action applies to 28 tasks, the other 2 will be skipped (2 pending).',
    );
    await screenshot(page, 'bulk-retry-confirmation-laptop');
    await dialog.getByRole('button', { name: 'Retry 28 tasks' }).click();

    const report = page.getByTestId('bulk-report');
    await report.waitFor({ timeout: 30_000 });
    await expect(report.textContent()).resolves.toContain('Retried 28 tasks; skipped 2.');
    await expect(report.textContent()).resolves.toContain('2 pending: only failed, cancelled tasks can be retried');
    const [left] = await platform.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM tasks WHERE id = ANY($1) AND status = 'failed'`,
      [failed],
    );
    expect(left!.count).toBe(0);

    const href = await report.getByRole('link', { name: 'Download the report' }).getAttribute('href');
    const download = await fetch(`${web.baseUrl}${href!}`);
    expect(download.status).toBe(200);
    const lines = (await download.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(31);
    expect(
      lines
        .filter((line) => line.includes(',skipped,'))
        .map((line) => line.split(',')[0])
        .sort(),
    ).toEqual(ids.slice(28).sort());
    expect(ignoredErrors(errors)).toEqual([]);
    await page.close();
  }, 90_000);
});

describe("a task's parameter versions", () => {
  it('retries a failed task with edited parameters and shows both versions as a diff with the attempts each ran', async () => {
    const id = (await createTasks([{ parameters: { processing_time: 0, message: 'wrong value', fail_attempts: 5 } }]))[0]!;
    await waitFor(
      'the task to fail',
      async () => {
        const [row] = await platform.db.query<{ status: string }>(`SELECT status FROM tasks WHERE id = $1`, [id]);
        return row?.status === 'failed';
      },
      { timeoutMs: 30_000 },
    );

    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${web.baseUrl}/tasks/${id}`);
    await expect(page.getByTestId('parameter-versions').textContent()).resolves.toBe('As created; ran attempt 1.');

    await page.getByRole('button', { name: 'Retry with new parameters' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run this task again with new parameters' });
    await dialog.getByLabel('Change only these keys').check();
    // Filled until it holds the text: fill's select-then-type can lose its selection to a re-render.
    const editor = dialog.getByLabel('Parameters (JSON)');
    const edit = '{"message": "right value", "fail_attempts": 0}';
    await waitFor('the editor to hold the edit', async () => {
      await editor.fill(edit);
      return (await editor.inputValue()) === edit;
    });
    await dialog.getByRole('button', { name: 'Retry with these' }).click();

    await page.getByTestId('task-status').getByText('completed').waitFor({ timeout: 30_000 });
    const versions = page.getByTestId('parameter-versions');
    await versions.locator('li[data-version="2"]').waitFor();
    await expect(versions.locator('li[data-version="2"]').textContent()).resolves.toMatch(/Version 2 · by open · .+ · ran attempt 2/);
    await expect(versions.locator('li[data-version="1"]').textContent()).resolves.toMatch(/Version 1 · as created · .+ · ran attempt 1/);
    const changes = versions.locator('li[data-version="2"] li[data-change]');
    await expect(changes.allTextContents()).resolves.toEqual(['~ fail_attempts: 5 → 0', '~ message: "wrong value" → "right value"']);
    await screenshot(page, 'task-parameter-versions-laptop');
    expect(ignoredErrors(errors)).toEqual([]);
    await page.close();
  }, 90_000);
});
