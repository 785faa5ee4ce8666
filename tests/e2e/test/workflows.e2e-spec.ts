import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppProcess, createTestDatabase, createTestQueue, freePort, repoRoot, startApi, startWorker, waitFor } from '@atropos/testing';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Platform } from './platform.js';
import type { ApiError, Page, Run, Task } from './platform.js';

/** Workflows on the real api and worker processes: step order, values passed on, failure, pause, resume, cancel. */

async function getRun(platform: Platform, id: string): Promise<Run> {
  const { status, body } = await platform.getJson<Run>(`/workflow-runs/${id}`);
  if (status !== 200) throw new Error(`GET /workflow-runs/${id} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

function waitForRun(platform: Platform, id: string, until: (run: Run) => boolean, what: string, timeoutMs = 30_000): Promise<Run> {
  return waitFor(
    `run ${id} ${what}`,
    async () => {
      const run = await getRun(platform, id);
      return until(run) ? run : undefined;
    },
    { timeoutMs },
  );
}

/** A run's step tasks, oldest first, with their resolved parameters and results. */
async function stepTasks(platform: Platform, runId: string): Promise<Task[]> {
  const { body } = await platform.getJson<Page<Task>>(`/tasks?workflow_run_id=${runId}&limit=100&include=parameters,result`);
  return body.data.reverse();
}

describe('the example shipped in config/workflows.json, run as README shows it', () => {
  let platform: Platform;
  /** The body of README's curl that starts the example. */
  let readmeBody: { input: Record<string, unknown> };

  beforeAll(async () => {
    const readme = readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
    const curl = /curl [^\n]*\/workflows\/sales-report\/runs[^\n]*-d '([^']+)'/.exec(readme);
    if (!curl) throw new Error("README.md has no `curl … /workflows/sales-report/runs … -d '…'` line");
    readmeBody = JSON.parse(curl[1]!) as typeof readmeBody;
    // A sweep once a minute: what moves the runs on in this test is the trigger's notification.
    platform = await Platform.start({ WORKFLOW_SWEEP_INTERVAL_MS: '60000' });
    await platform.startWorker();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('lists the workflow with its steps', async () => {
    const { status, body } = await platform.getJson('/workflows');
    expect(status).toBe(200);
    expect(body).toEqual([
      expect.objectContaining({ name: 'release', version: 1, input_paths: ['seed', 'title', 'notify'] }),
      expect.objectContaining({
        name: 'sales-report',
        input_paths: ['title', 'sections'],
        steps: [
          expect.objectContaining({ name: 'crunch', task_type: 'data_processing' }),
          expect.objectContaining({ name: 'report', task_type: 'report_generation' }),
          expect.objectContaining({ name: 'announce', task_type: 'default' }),
        ],
      }),
    ]);
  });

  it('runs the three steps in order and passes values from step 1 to step 3', async () => {
    const start = await platform.request<Run>('POST', '/workflows/sales-report/runs', readmeBody);
    expect(start.status).toBe(201);
    expect(start.body).toMatchObject({ workflow: 'sales-report', status: 'running', current_step: 0, input: readmeBody.input });
    expect(start.body.steps.map((step) => step.status)).toEqual([expect.stringMatching(/pending|processing/), 'waiting', 'waiting']);

    const run = await waitForRun(platform, start.body.id, (each) => each.status === 'completed', 'to complete');
    expect(run.steps.map((step) => step.status)).toEqual(['completed', 'completed', 'completed']);
    expect(run).toMatchObject({ current_step: 2, error: null });

    const [crunch, report, announce] = await stepTasks(platform, run.id);
    expect([crunch, report, announce].map((task) => [task!.task_type, task!.workflow_step])).toEqual([
      ['data_processing', 0],
      ['report_generation', 1],
      ['default', 2],
    ]);
    // Each step was queued only once the one before it had completed.
    expect(Date.parse(report!.created_at)).toBeGreaterThanOrEqual(Date.parse(crunch!.completed_at!));
    expect(Date.parse(announce!.created_at)).toBeGreaterThanOrEqual(Date.parse(report!.completed_at!));
    // Typed whole-value reference from the input, interpolated references from steps 1 and 2.
    expect(report!.parameters).toMatchObject({ title: readmeBody.input.title, sections: readmeBody.input.sections });
    const { record_count: records, aggregates } = crunch!.result as { record_count: number; aggregates: { mean: number } };
    expect(announce!.parameters.message).toBe(
      `${readmeBody.input.title as string}: ${records} records, mean ${aggregates.mean}; report ${(report!.result as { checksum: string }).checksum}`,
    );
    expect(announce!.result).toEqual({ message: announce!.parameters.message });
  });

  it('starts no further step while paused, and goes on when resumed', async () => {
    const start = await platform.request<Run>('POST', '/workflows/sales-report/runs', readmeBody);
    const pause = await platform.request<Run>('POST', `/workflow-runs/${start.body.id}/pause`);
    expect(pause.status).toBe(200);
    expect(pause.body.status).toBe('paused');

    const firstTask = start.body.steps[0]!.task_id!;
    await platform.waitForStatus(firstTask, ['completed']);
    // Absence cannot be waited for: give the notification, and a sweep if one were due, time to act.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const paused = await getRun(platform, start.body.id);
    expect(paused).toMatchObject({ status: 'paused', current_step: 0 });
    expect(paused.steps.map((step) => step.status)).toEqual(['completed', 'waiting', 'waiting']);
    expect(await stepTasks(platform, start.body.id)).toHaveLength(1);

    const again = await platform.request<ApiError>('POST', `/workflow-runs/${start.body.id}/pause`);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`Workflow run ${start.body.id} is paused and cannot be paused: only a running run can be`);

    const resume = await platform.request<Run>('POST', `/workflow-runs/${start.body.id}/resume`);
    expect(resume.status).toBe(200);
    expect(resume.body).toMatchObject({ status: 'running', current_step: 1 });
    const run = await waitForRun(platform, start.body.id, (each) => each.status === 'completed', 'to complete');
    expect(await stepTasks(platform, run.id)).toHaveLength(3);

    for (const action of ['pause', 'resume', 'cancel']) {
      const answer = await platform.request<ApiError>('POST', `/workflow-runs/${run.id}/${action}`);
      expect(answer.status).toBe(409);
      expect(answer.body.message).toContain(`Workflow run ${run.id} is completed and cannot be`);
    }
  });

  it('refuses a run whose input lacks what a step reads, and names the known workflows for an unknown one', async () => {
    const missing = await platform.request<ApiError>('POST', '/workflows/sales-report/runs', { input: { title: 'No sections' } });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('input.sections: is missing: step "report" reads it in parameters.sections');

    const unknown = await platform.request<ApiError>('POST', '/workflows/sales-reprot/runs', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('No workflow named "sales-reprot"; the workflows are release, sales-report');

    const badRun = await platform.getJson('/workflow-runs/not-a-uuid');
    expect(badRun.status).toBe(400);
  });
});

/** Test-only workflows: a middle step whose fail_attempts comes from the input, and a slow one to cancel. */
const TEST_WORKFLOWS = {
  workflows: [
    {
      name: 'flaky',
      steps: [
        { name: 'fetch', task_type: 'default', parameters: { message: 'fetched', processing_time: 0 } },
        {
          name: 'parse',
          task_type: 'default',
          parameters: { message: '${steps.fetch.result.message} and parsed', fail_attempts: '${input.fail_attempts}', processing_time: 0 },
        },
        { name: 'store', task_type: 'default', parameters: { message: '${steps.parse.result.message}', processing_time: 0 } },
      ],
    },
    {
      name: 'slow',
      steps: [
        { name: 'wait', task_type: 'default', parameters: { processing_time: 60 } },
        { name: 'after', task_type: 'default', parameters: { processing_time: 0 } },
      ],
    },
  ],
};

describe('failure, resume and cancel (test-only workflows)', () => {
  let platform: Platform;

  beforeAll(async () => {
    const configDir = mkdtempSync(path.join(tmpdir(), 'atropos-workflows-'));
    writeFileSync(path.join(configDir, 'workflows.json'), JSON.stringify(TEST_WORKFLOWS));
    // Two attempts per task, so a failing step gives up quickly.
    platform = await Platform.start({ CONFIG_DIR: configDir, TASK_MAX_RETRIES: '1' });
    await platform.startWorker();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('fails the run when its middle step fails after its retries, and resumes from that step once it is fixed', async () => {
    const start = await platform.request<Run>('POST', '/workflows/flaky/runs', { input: { fail_attempts: 5 } });
    expect(start.status).toBe(201);
    const failed = await waitForRun(platform, start.body.id, (run) => run.status === 'failed', 'to fail');
    const parseTask = failed.steps[1]!.task_id!;
    expect(failed).toMatchObject({
      current_step: 1,
      error: expect.stringMatching(
        new RegExp(`^Step "parse" \\(task ${parseTask}\\) failed after 2 attempt\\(s\\): Simulated failure of attempt 2`),
      ),
    });
    expect(failed.steps.map((step) => step.status)).toEqual(['completed', 'failed', 'waiting']);
    expect(failed.steps[1]).toMatchObject({ attempts: 2 });

    // Parameters the task type refuses change nothing.
    const refused = await platform.request<ApiError>('POST', `/workflow-runs/${failed.id}/resume`, { parameters: { fail_attempts: -1 } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('parameters.fail_attempts');
    expect((await getRun(platform, failed.id)).status).toBe('failed');

    // The fix: this run's parse step no longer fails on purpose.
    const resume = await platform.request<Run>('POST', `/workflow-runs/${failed.id}/resume`, { parameters: { fail_attempts: 0 } });
    expect(resume.status).toBe(200);
    expect(resume.body).toMatchObject({ status: 'running', current_step: 1, error: null });
    expect(resume.body.steps[1]?.task_id).not.toBe(parseTask);

    const run = await waitForRun(platform, failed.id, (each) => each.status === 'completed', 'to complete');
    const tasks = await stepTasks(platform, run.id);
    // fetch ran once; parse twice (the failed task and the one after the fix); store once.
    expect(tasks.map((task) => task.workflow_step)).toEqual([0, 1, 1, 2]);
    expect(tasks.map((task) => task.status)).toEqual(['completed', 'failed', 'completed', 'completed']);
    expect(tasks[2]!.parameters).toMatchObject({ fail_attempts: 0, message: 'fetched and parsed' });
    expect(tasks[3]!.result).toEqual({ message: 'fetched and parsed' });
  });

  it("cancels the running step's task with the run, and a step task cancelled on its own fails its run", async () => {
    const start = await platform.request<Run>('POST', '/workflows/slow/runs', {});
    const firstTask = start.body.steps[0]!.task_id!;
    await platform.waitForStatus(firstTask, ['processing']);

    // Cancelled through the task routes: the run fails, naming the step.
    expect((await platform.request('POST', `/tasks/${firstTask}/cancel`)).status).toBe(200);
    const failed = await waitForRun(platform, start.body.id, (run) => run.status === 'failed', 'to fail');
    expect(failed.error).toBe(`Step "wait" (task ${firstTask}) was cancelled`);

    const resume = await platform.request<Run>('POST', `/workflow-runs/${failed.id}/resume`);
    expect(resume.status).toBe(200);
    const secondTask = resume.body.steps[0]!.task_id!;
    expect(secondTask).not.toBe(firstTask);
    await platform.waitForStatus(secondTask, ['processing']);

    const cancel = await platform.request<Run>('POST', `/workflow-runs/${failed.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'cancelled' });
    expect(cancel.body.steps.map((step) => step.status)).toEqual(['cancelled', 'waiting']);
    expect((await platform.getTask(secondTask)).status).toBe('cancelled');

    for (const action of ['pause', 'resume', 'cancel']) {
      const answer = await platform.request<ApiError>('POST', `/workflow-runs/${failed.id}/${action}`);
      expect(answer.status).toBe(409);
      expect(answer.body.message).toContain('is cancelled and cannot be');
    }
  });

  it('lists runs newest first, filtered by status and workflow', async () => {
    const all = await platform.getJson<Page<Run>>('/workflow-runs?limit=1');
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(1);
    expect(all.body.data[0]).toMatchObject({ workflow: 'slow', status: 'cancelled', step_count: 2 });
    const next = await platform.getJson<Page<Run>>(`/workflow-runs?limit=1&cursor=${all.body.next_cursor!}`);
    expect(next.body.data[0]).toMatchObject({ workflow: 'flaky', status: 'completed' });
    const completed = await platform.getJson<Page<Run>>('/workflow-runs?status=completed&workflow=flaky');
    expect(completed.body.data.map((run) => run.workflow)).toEqual(['flaky']);
    expect((await platform.getJson('/workflow-runs?status=done')).status).toBe(400);
  });
});

describe('an invalid workflows.json', () => {
  it('stops the API at start with a message naming the file, workflow, step and field', async () => {
    const configDir = mkdtempSync(path.join(tmpdir(), 'atropos-workflows-'));
    writeFileSync(
      path.join(configDir, 'workflows.json'),
      JSON.stringify({
        workflows: [
          {
            name: 'broken',
            steps: [
              { name: 'a', task_type: 'default', parameters: { message: '${steps.b.result}' } },
              { name: 'b', task_type: 'nope' },
            ],
          },
        ],
      }),
    );
    const db = await createTestDatabase();
    const queue = createTestQueue();
    const api = AppProcess.spawn('api', {
      DATABASE_URL: db.url,
      REDIS_URL: queue.redisUrl,
      QUEUE_PREFIX: queue.prefix,
      CONFIG_DIR: configDir,
      PORT: String(await freePort()),
    });
    try {
      expect((await api.exited).code).toBe(1);
      const file = path.join(configDir, 'workflows.json');
      expect(api.log).toContain(`Invalid workflow definitions in ${file}:`);
      expect(api.log).toContain(
        'workflow "broken", step "a", parameters.message: ${steps.b.result} names step "b", which does not run before this one; a reference may only name a step this one needs, directly or through others',
      );
      expect(api.log).toContain('workflow "broken", step "b", task_type: unknown task type "nope"');
    } finally {
      await api.stop();
      await queue.cleanUp();
      await db.drop();
    }
  });
});

describe('a step that ends while no API runs', () => {
  it('moves its run on as soon as an API starts again', async () => {
    const configDir = mkdtempSync(path.join(tmpdir(), 'atropos-workflows-'));
    writeFileSync(
      path.join(configDir, 'workflows.json'),
      JSON.stringify({
        workflows: [
          {
            name: 'handoff',
            steps: [
              { name: 'first', task_type: 'default', parameters: { message: 'from first', processing_time: 1.5 } },
              { name: 'second', task_type: 'default', parameters: { message: '${steps.first.result.message}', processing_time: 0 } },
            ],
          },
        ],
      }),
    );
    const db = await createTestDatabase();
    const queue = createTestQueue();
    // The periodic sweep is far off: only the catch-up at start can move the run on.
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: queue.redisUrl,
      QUEUE_PREFIX: queue.prefix,
      CONFIG_DIR: configDir,
      WORKFLOW_SWEEP_INTERVAL_MS: '600000',
    };
    let api = await startApi(env);
    const worker = await startWorker(env);
    try {
      const response = await fetch(`${api.baseUrl}/workflows/handoff/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const run = (await response.json()) as Run;
      await api.process.stop();

      const stepTasks = () =>
        db.query<{ workflow_step: number; status: string; parameters: { message?: string } }>(
          'SELECT workflow_step, status, parameters FROM tasks WHERE workflow_run_id = $1 ORDER BY created_at',
          [run.id],
        );
      await waitFor('the first step to complete with no API up', async () => (await stepTasks())[0]?.status === 'completed');
      expect(await stepTasks()).toHaveLength(1);

      api = await startApi(env);
      const tasks = await waitFor('the second step to complete', async () => {
        const found = await stepTasks();
        return found[1]?.status === 'completed' ? found : undefined;
      });
      expect(tasks[1]!.parameters.message).toBe('from first');
      // The run completes in the advance that the second task's completion wakes, just after it.
      await waitFor('the run to complete', async () => {
        const { status } = (await (await fetch(`${api.baseUrl}/workflow-runs/${run.id}`)).json()) as Run;
        return status === 'completed' || undefined;
      });
    } finally {
      await worker.stop();
      await api.process.stop();
      await queue.cleanUp();
      await db.drop();
    }
  });
});
