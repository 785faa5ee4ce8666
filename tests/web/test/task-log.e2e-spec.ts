import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { collectPageErrors, SCREENSHOTS } from './browser.js';
import type { BrowserPlatform } from './platform.js';
import { startBrowserPlatform } from './platform.js';

/**
 * A task's log on its page, in a real browser: what the handler writes with ctx.log appears
 * while the task runs, without a reload; levels are coloured, entries with fields expand, and
 * the search keeps the lines that match.
 */

let platform: BrowserPlatform;

beforeAll(async () => {
  platform = await startBrowserPlatform({ TASK_RETRY_BACKOFF_MS: '200' });
}, 120_000);

afterAll(() => platform?.stop());

async function createTask(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${platform.api.baseUrl}/tasks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function statusOf(id: string): Promise<string> {
  return ((await (await fetch(`${platform.api.baseUrl}/tasks/${id}`)).json()) as { status: string }).status;
}

function seriousErrors(errors: string[]): string[] {
  return errors.filter((error) => !/EventSource|net::ERR_|Failed to load resource/i.test(error));
}

const logLines = (page: Page) => page.getByTestId('log-line');

describe("a task's log in the web", () => {
  it("shows the handler's ctx.log lines live while the task runs, without a reload", async () => {
    const id = await createTask({ task_type: 'data_processing', parameters: { processing_time: 8, record_count: 100_000 } });
    const page = await platform.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${platform.web.baseUrl}/tasks/${id}`);
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    await page.evaluate(() => Object.assign(window, { __notReloaded: true }));

    // Lines arrive one by one as the worker stores them, while the task is still processing.
    const seen = await waitFor('a line of the log on the page', async () => {
      const count = await logLines(page).count();
      return count > 0 && count < 11 ? count : undefined;
    });
    await waitFor('more lines while the task runs', async () => (await logLines(page).count()) > seen);
    expect(await statusOf(id)).toBe('processing');
    await expect(page.getByTestId('task-status').textContent()).resolves.toBe('processing');
    await expect(logLines(page).first().textContent()).resolves.toContain('Aggregating 100,000 records from seed 42');

    // All of it once the task is done, still the same document.
    await waitFor('the last line', async () => (await logLines(page).count()) === 11, { timeoutMs: 20_000 });
    await expect(logLines(page).last().textContent()).resolves.toContain('Processed 100,000 of 100,000 records');
    await page.getByTestId('task-status').filter({ hasText: 'completed' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    expect(await page.getByTestId('log-count').textContent()).toBe('11 lines');

    // An entry with fields expands to show them.
    const line = logLines(page).filter({ hasText: 'Processed 50,000 of 100,000 records' });
    await line.getByRole('button').click();
    await expect(line.getByTestId('log-line-details').textContent()).resolves.toContain('"running_mean"');

    // The search keeps what matches.
    await page.getByTestId('log-search').fill('50,000');
    await waitFor('the search to apply', async () => (await logLines(page).count()) === 1);
    expect(await page.getByTestId('log-count').textContent()).toBe('1 of 11 lines');
    await page.getByTestId('log-search').fill('');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it('colours each level and marks each attempt; a failed attempt ends in an error line', async () => {
    const id = await createTask({ task_type: 'default', parameters: { processing_time: 2, fail_attempts: 1 } });
    await waitFor('the task to complete', async () => (await statusOf(id)) === 'completed', { timeoutMs: 20_000 });
    const page = await platform.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${platform.web.baseUrl}/tasks/${id}`);
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    const levels = await logLines(page).evaluateAll((items) => items.map((item) => item.getAttribute('data-level')));
    expect(levels).toEqual(['error', 'info', 'info', 'info', 'info', 'info']);
    const log = page.getByRole('log', { name: 'Task log' });
    await expect(log.getByText('Attempt 1', { exact: true }).count()).resolves.toBe(1);
    await expect(log.getByText('Attempt 2', { exact: true }).count()).resolves.toBe(1);
    const [errorColour, infoColour] = await Promise.all(
      ['error', 'info'].map((level) =>
        page
          .locator(`[data-testid="log-line"][data-level="${level}"]`)
          .first()
          .evaluate((item) => getComputedStyle(item).color),
      ),
    );
    expect(errorColour).not.toBe(infoColour);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.getByRole('region', { name: 'Log' }).screenshot({ path: path.join(SCREENSHOTS, 'attempt-log.png') });
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });
});
