import type { RunningApi, RunningWeb } from '@atropos/testing';
import { repoRoot, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { collectPageErrors, LAPTOP, PHONE, screenshot } from './browser.js';
import type { BrowserPlatform } from './platform.js';
import { startBrowserPlatform } from './platform.js';

/**
 * The workflow pages in a real browser: start a run from the form, watch its step diagram follow
 * the steps live, pause and resume it with the buttons.
 */

/** A workflow slow enough to pause while its first step runs. */
const WORKFLOWS = {
  workflows: [
    {
      name: 'demo',
      description: 'Prepares, crunches and finishes: a run slow enough to watch.',
      steps: [
        { name: 'prepare', task_type: 'default', parameters: { message: 'Hello ${input.who}', processing_time: 3 } },
        { name: 'crunch', task_type: 'data_processing', parameters: { record_count: 20000, processing_time: 1 } },
        {
          name: 'finish',
          task_type: 'default',
          parameters: {
            message: '${steps.prepare.result.message}, the mean is ${steps.crunch.result.aggregates.mean}',
            processing_time: 0.5,
          },
        },
      ],
    },
    {
      name: 'fragile',
      description: 'Its middle step fails on purpose as often as the input says.',
      steps: [
        { name: 'fetch', task_type: 'default', parameters: { message: 'rows', processing_time: 0.2 } },
        {
          name: 'parse',
          task_type: 'default',
          parameters: { message: '${steps.fetch.result.message}', fail_attempts: '${input.failures}', processing_time: 0.2 },
        },
        { name: 'store', task_type: 'default', parameters: { processing_time: 0.2 } },
      ],
    },
  ],
};

/** README's graph example, as config/workflows.json ships it. */
const RELEASE = (
  JSON.parse(readFileSync(path.join(repoRoot(), 'config', 'workflows.json'), 'utf8')) as { workflows: Array<{ name: string }> }
).workflows.find((workflow) => workflow.name === 'release')!;
WORKFLOWS.workflows.push(RELEASE as (typeof WORKFLOWS.workflows)[number]);
WORKFLOWS.workflows.push({
  name: 'gate',
  description: 'Waits for a person.',
  steps: [
    { name: 'build', task_type: 'default', parameters: { message: 'built', processing_time: 0 } },
    { name: 'approve', kind: 'approval', needs: ['build'] },
    {
      name: 'ship',
      needs: ['approve'],
      task_type: 'default',
      parameters: { message: 'to ${steps.approve.result.payload.target}', processing_time: 0 },
    },
  ],
} as unknown as (typeof WORKFLOWS.workflows)[number]);

let platform: BrowserPlatform;
let api: RunningApi;
let web: RunningWeb;
let context: BrowserContext;

beforeAll(async () => {
  const configDir = mkdtempSync(path.join(tmpdir(), 'atropos-web-workflows-'));
  writeFileSync(path.join(configDir, 'workflows.json'), JSON.stringify(WORKFLOWS));
  // Quick retries, so a failing step gives up within a second or two.
  platform = await startBrowserPlatform({ CONFIG_DIR: configDir, TASK_MAX_RETRIES: '1', TASK_RETRY_BACKOFF_MS: '100' });
  ({ api, web, context } = platform);
}, 120_000);

afterAll(() => platform?.stop());

/** Errors that matter: not a request cut short by a navigation. */
const seriousErrors = (errors: string[]) => errors.filter((error) => !/EventSource|net::ERR_|Failed to load resource/i.test(error));

/** Opens `path` and waits until React has taken over the page, so what the test types stays typed. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${web.baseUrl}${path}`);
  await hydrated(page);
}

const hydrated = (page: Page) => page.locator('html[data-hydrated]').waitFor({ state: 'attached' });

const step = (page: Page, name: string) => page.locator(`[data-step="${name}"]`);
const stepStatus = (page: Page, name: string) => step(page, name).getAttribute('data-status');
const runStatus = (page: Page) => page.locator('[data-run-status]').getAttribute('data-run-status');

describe('the workflow pages', () => {
  it('start a run, pause and resume it, and show each step reach completed live', async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await open(page, '/workflows');
    await page.getByRole('heading', { name: 'demo' }).waitFor();
    const input = page.locator('[data-workflow="demo"]').getByLabel(/Input \(JSON\): the steps read input\.who/);
    expect(JSON.parse(await input.inputValue())).toEqual({ who: null });
    await screenshot(page, 'workflows-laptop');

    await input.fill('{"who": "browser"}');
    await page.getByRole('button', { name: 'Start demo' }).click();
    await page.waitForURL(/\/workflows\/runs\/[0-9a-f-]{36}$/);
    await hydrated(page);
    const runId = page.url().split('/').at(-1)!;

    await waitFor('the first step to run', async () => (await stepStatus(page, 'prepare')) === 'processing');
    expect(await stepStatus(page, 'crunch')).toBe('waiting');
    await screenshot(page, 'workflow-run-processing-laptop');

    await page.getByRole('button', { name: 'Pause' }).click();
    await waitFor('the run to show paused', async () => (await runStatus(page)) === 'paused');
    await waitFor('the first step to complete while paused', async () => (await stepStatus(page, 'prepare')) === 'completed', {
      timeoutMs: 15_000,
    });
    // The API is the judge of what did not start: the paused run has one task only.
    const tasks = (await (await fetch(`${api.baseUrl}/tasks?workflow_run_id=${runId}`)).json()) as { data: unknown[] };
    expect(tasks.data).toHaveLength(1);
    expect(await stepStatus(page, 'crunch')).toBe('waiting');
    await screenshot(page, 'workflow-run-paused-laptop');

    await page.getByRole('button', { name: 'Resume' }).click();
    await waitFor('the run to complete', async () => (await runStatus(page)) === 'completed', { timeoutMs: 30_000 });
    expect(await Promise.all(['prepare', 'crunch', 'finish'].map((name) => stepStatus(page, name)))).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    await expect(page.getByRole('button', { name: 'Pause' }).count()).resolves.toBe(0);
    await expect(
      step(page, 'finish')
        .getByRole('link', { name: /^task / })
        .count(),
    ).resolves.toBe(1);
    await screenshot(page, 'workflow-run-completed-laptop');

    await page.setViewportSize(PHONE);
    await screenshot(page, 'workflow-run-completed-phone');
    await page.setViewportSize(LAPTOP);

    await open(page, '/workflows');
    const row = page.locator(`[data-run-id="${runId}"]`);
    expect(await row.getAttribute('data-status')).toBe('completed');
    await screenshot(page, 'workflows-with-run-laptop');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it('shows a failed run with the failed step and its error, and resumes it from that step', async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await open(page, '/workflows');
    await page.locator('[data-workflow="fragile"] textarea').fill('{"failures": 5}');
    await page.getByRole('button', { name: 'Start fragile' }).click();
    await page.waitForURL(/\/workflows\/runs\/[0-9a-f-]{36}$/);
    // A failed run is not polled: reload until the API has failed it.
    await waitFor(
      'the run to show failed',
      async () => {
        await page.reload();
        await hydrated(page);
        return (await runStatus(page)) === 'failed';
      },
      { timeoutMs: 20_000 },
    );
    expect(await Promise.all(['fetch', 'parse', 'store'].map((name) => stepStatus(page, name)))).toEqual([
      'completed',
      'failed',
      'waiting',
    ]);
    expect(await page.getByRole('alert').filter({ hasText: 'The run failed' }).textContent()).toContain('Step "parse"');
    await screenshot(page, 'workflow-run-failed-laptop');
    await page.getByText('Fix the step “parse” and resume').click();
    await screenshot(page, 'workflow-run-failed-fix-laptop');
    await page.getByText('Fix the step “parse” and resume').click();

    const runId = page.url().split('/').at(-1)!;
    await page.getByRole('button', { name: 'Resume from failed step' }).click();
    // The step fails again at once (the input still asks for 5 failures): what counts is that it
    // ran again with a new task, and the step before it did not.
    const steps = await waitFor('the failed step to get a new task', async () => {
      const tasks = (await (await fetch(`${api.baseUrl}/tasks?workflow_run_id=${runId}`)).json()) as {
        data: Array<{ workflow_step: number }>;
      };
      const byStep = tasks.data.map((task) => task.workflow_step).sort();
      return byStep.length === 3 ? byStep : undefined;
    });
    expect(steps).toEqual([0, 1, 1]);

    // The fix: resume with the step's fail_attempts replaced; the run then completes.
    await page.reload();
    await hydrated(page);
    await waitFor(
      'the run to be failed again',
      async () => {
        await page.reload();
        await hydrated(page);
        return (await runStatus(page)) === 'failed';
      },
      { timeoutMs: 20_000 },
    );
    await page.getByText('Fix the step “parse” and resume').click();
    const parameters = page.getByLabel(/Parameters \(JSON\) that replace the step’s/);
    expect(JSON.parse(await parameters.inputValue())).toEqual({
      message: '${steps.fetch.result.message}',
      fail_attempts: '${input.failures}',
      processing_time: 0.2,
    });
    await parameters.fill('{"fail_attempts": -1}');
    await page.getByRole('button', { name: 'Resume with these parameters' }).click();
    await page.getByRole('alert').filter({ hasText: 'parameters.fail_attempts' }).waitFor();
    await parameters.fill('{"fail_attempts": 0}');
    await page.getByRole('button', { name: 'Resume with these parameters' }).click();
    await waitFor('the run to complete', async () => (await runStatus(page)) === 'completed', { timeoutMs: 20_000 });
    expect(await Promise.all(['fetch', 'parse', 'store'].map((name) => stepStatus(page, name)))).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it('shows the API’s message when the input lacks what a step reads', async () => {
    const page = await context.newPage();
    await open(page, '/workflows');
    // fill() selects the text, then types over it: a re-render of the page in between (its live
    // refresh) drops the selection and the text lands in front of the skeleton. Filled until it holds.
    const input = page.locator('[data-workflow="demo"] textarea');
    await waitFor('the input to hold {}', async () => {
      await input.fill('{}');
      return (await input.inputValue()) === '{}';
    });
    await page.getByRole('button', { name: 'Start demo' }).click();
    // The form's own alert (Next's route announcer has the role too).
    const alert = page.locator('[data-workflow="demo"] [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('input.who: is missing: step "prepare" reads it in parameters.message');
    await page.close();
  });
});

describe('workflow graphs in the browser', () => {
  const startRun = async (workflow: string, input: Record<string, unknown>) => {
    const response = await fetch(`${api.baseUrl}/workflows/${workflow}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  it('lists a pending approval on the dashboard; approved from the run page, the run continues with the payload', async () => {
    const runId = await startRun('gate', {});
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await waitFor('the approval to be pending', async () => {
      const pending = (await (await fetch(`${api.baseUrl}/workflow-approvals`)).json()) as Array<{ run_id: string }>;
      return pending.some((each) => each.run_id === runId) || undefined;
    });
    await open(page, '/');
    await page.getByRole('link', { name: 'gate · approve' }).click();
    await page.waitForURL(`**/workflows/runs/${runId}`);
    await hydrated(page);
    await waitFor('the approve step to wait', async () => (await stepStatus(page, 'approve')) === 'awaiting_approval' || undefined);
    await page.getByLabel('Comment on approve').fill('looks good');
    await page.getByLabel('Payload of approve').fill('{"target": "eu-west"}');
    await step(page, 'approve').getByRole('button', { name: 'Approve' }).click();
    // The page follows the run through its event stream: no reload.
    await waitFor('the ship step to complete on the page', async () => (await stepStatus(page, 'ship')) === 'completed' || undefined, {
      timeoutMs: 20_000,
    });
    expect(await stepStatus(page, 'approve')).toBe('approved');
    expect(await step(page, 'approve').textContent()).toContain('approved by operator: looks good');
    const tasks = (await (await fetch(`${api.baseUrl}/tasks?workflow_run_id=${runId}&include=parameters`)).json()) as {
      data: Array<{ workflow_step: number; parameters: { message: string } }>;
    };
    expect(tasks.data.find((task) => task.workflow_step === 2)!.parameters.message).toBe('to eu-west');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });

  it("draws README's release graph live, fan-out counts included, and signs it off", async () => {
    const runId = await startRun('release', { seed: 7, title: 'Daily sales', notify: false });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.setViewportSize({ width: 1500, height: 900 });
    await open(page, `/workflows/runs/${runId}`);
    await waitFor(
      'the buckets to fan out',
      async () => ((await step(page, 'buckets').locator('[data-items]').textContent()) ?? '').includes('/10 done') || undefined,
      {
        timeoutMs: 20_000,
      },
    );
    await waitFor('sign-off to wait', async () => (await stepStatus(page, 'sign-off')) === 'awaiting_approval' || undefined, {
      timeoutMs: 30_000,
    });
    expect(await stepStatus(page, 'notify')).toBe('skipped');
    expect(await step(page, 'buckets').locator('[data-items]').textContent()).toContain('10/10 done');
    await screenshot(page, 'workflow-graph-awaiting-approval');
    await page.getByLabel('Comment on sign-off').fill('numbers checked');
    await page.getByLabel('Payload of sign-off').fill('{"channel": "#sales"}');
    await step(page, 'sign-off').getByRole('button', { name: 'Approve' }).click();
    await waitFor('the run to complete', async () => (await runStatus(page)) === 'completed' || undefined, { timeoutMs: 20_000 });
    expect(await stepStatus(page, 'publish')).toBe('completed');
    await screenshot(page, 'workflow-graph');
    expect(seriousErrors(errors)).toEqual([]);
    await page.close();
  });
});
