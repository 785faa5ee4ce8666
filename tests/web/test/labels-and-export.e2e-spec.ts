import { randomUUID } from 'node:crypto';
import type { RunningApi, RunningWeb } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext } from 'playwright-core';
import { collectPageErrors } from './browser.js';
import type { BrowserPlatform } from './platform.js';
import { startBrowserPlatform } from './platform.js';

/**
 * The task list with names and labels: shown on each row, filtered through the URL, the form and a
 * click on a label; and its Export button, which downloads every task the filters match.
 */
let platform: BrowserPlatform;
let api: RunningApi;
let web: RunningWeb;
let context: BrowserContext;

beforeAll(async () => {
  platform = await startBrowserPlatform();
  ({ api, web, context } = platform);
}, 120_000);

afterAll(() => platform?.stop());

async function createTask(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${api.baseUrl}/tasks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    // Scheduled an hour ahead: the rows stay as created while the test looks at them.
    body: JSON.stringify({ task_type: 'default', delay_ms: 3_600_000, ...body }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe('names and labels in the task list', () => {
  it('shows them, filters by them through the form and a click on a label, and exports what the filters match', async () => {
    const run = randomUUID().slice(0, 8);
    const beta = await createTask({ name: `Invoices ${run}`, labels: { run, project: 'beta' } });
    const gamma = await createTask({ name: `Reports ${run}`, labels: { run, project: 'gamma' } });
    const row = (id: string) => page.locator(`tr[data-task-id="${id}"]`);

    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${web.baseUrl}/tasks?label.run=${run}`);
    await row(beta).waitFor();
    await row(gamma).waitFor();
    expect(
      await row(beta)
        .getByRole('link', { name: `Invoices ${run}` })
        .count(),
    ).toBe(1);
    expect(await row(beta).getByRole('link', { name: 'project: beta' }).count()).toBe(1);

    // The form: a name search, kept with the label filter from the URL.
    await page.getByLabel('Name contains').fill(`invoices ${run}`);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.searchParams.get('name') === `invoices ${run}` && url.searchParams.get('label.run') === run);
    await row(beta).waitFor();
    expect(await row(gamma).count()).toBe(0);

    // Export: every task the filters match, as CSV.
    const exportLink = page.getByRole('link', { name: 'Export', exact: true });
    const href = await exportLink.getAttribute('href');
    expect(href).toContain('format=csv');
    const download = await fetch(`${web.baseUrl}${href!}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="tasks-.+\.csv"$/);
    const lines = (await download.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(beta);

    // A label on a row lists the tasks that carry it.
    await page.goto(`${web.baseUrl}/tasks?label.run=${run}`);
    await row(gamma).getByRole('link', { name: 'project: gamma' }).click();
    await page.waitForURL((url) => url.searchParams.get('label.project') === 'gamma');
    await row(gamma).waitFor();
    expect(await row(beta).count()).toBe(0);
    expect(errors.filter((error) => !/EventSource|net::ERR_|Failed to load resource/i.test(error))).toEqual([]);
    await page.close();
  });
});
