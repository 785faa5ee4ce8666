import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@atropos/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiError } from './platform.js';
import { Platform } from './platform.js';

/** Workflows as graphs on the real api and worker processes: needs, fan-out, conditions, approvals, reruns, versions. */

interface RunStep {
  name: string;
  status: string;
  task_id: string | null;
  round: number;
  skip_reason: string | null;
  items: { total: number | null; created: number; completed: number } | null;
  approval: { decided_by: string | null; payload: Record<string, unknown> | null; comment: string | null } | null;
  history: Array<{ task_id: string; round: number; status: string }>;
}

interface Run {
  id: string;
  status: string;
  version: number;
  error: string | null;
  steps: RunStep[];
}

interface TaskRow {
  id: string;
  workflow_step: number;
  workflow_item: number | null;
  workflow_round: number;
  status: string;
  parameters: Record<string, unknown>;
  result: Record<string, unknown> | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

const WORKFLOWS = {
  workflows: [
    {
      name: 'diamond',
      steps: [
        { name: 'a', task_type: 'default', parameters: { message: 'A', processing_time: 0 } },
        { name: 'b', needs: ['a'], task_type: 'default', parameters: { message: '${steps.a.result.message}>B', processing_time: 1.5 } },
        { name: 'c', needs: ['a'], task_type: 'default', parameters: { message: '${steps.a.result.message}>C', processing_time: 1.5 } },
        {
          name: 'd',
          needs: ['b', 'c'],
          task_type: 'default',
          parameters: { message: '${steps.b.result.message}+${steps.c.result.message}', processing_time: 0 },
        },
      ],
    },
    {
      name: 'fan',
      steps: [
        {
          name: 'fan',
          task_type: 'default',
          for_each: '${input.items}',
          max_parallel: 10,
          parameters: { message: '${item}-${index}', processing_time: 0.1 },
        },
        { name: 'collect', needs: ['fan'], task_type: 'default', parameters: { message: 'all: ${steps.fan.result}', processing_time: 0 } },
      ],
    },
    {
      name: 'branches',
      steps: [
        { name: 'check', task_type: 'default', parameters: { message: '${input.region}', processing_time: 0 } },
        {
          name: 'eu',
          needs: ['check'],
          if: "${steps.check.result.message} == 'eu'",
          task_type: 'default',
          parameters: { processing_time: 0 },
        },
        { name: 'eu-report', needs: ['eu'], task_type: 'default', parameters: { processing_time: 0 } },
        {
          name: 'other',
          needs: ['check'],
          if: "not (${steps.check.result.message} == 'eu')",
          task_type: 'default',
          parameters: { processing_time: 0 },
        },
        { name: 'end', needs: ['eu-report', 'other'], task_type: 'default', parameters: { processing_time: 0 } },
      ],
    },
    {
      name: 'gated',
      steps: [
        { name: 'build', task_type: 'default', parameters: { message: 'built', processing_time: 0 } },
        { name: 'approve', kind: 'approval', needs: ['build'], timeout: 2 },
        {
          name: 'deploy',
          needs: ['approve'],
          task_type: 'default',
          parameters: { message: 'to ${steps.approve.result.payload.target}', processing_time: 0 },
        },
      ],
    },
    {
      name: 'tolerant',
      steps: [
        {
          name: 'flaky',
          task_type: 'default',
          continue_on_failure: true,
          parameters: { message: 'never', fail_attempts: 100, processing_time: 0 },
        },
        { name: 'solid', task_type: 'default', parameters: { message: 'fine', processing_time: 0 } },
        {
          name: 'after',
          needs: ['flaky', 'solid'],
          task_type: 'default',
          parameters: { message: '${steps.flaky.result} and ${steps.solid.result.message}', processing_time: 0 },
        },
        { name: 'strict', needs: ['after'], task_type: 'default', parameters: { fail_attempts: 100, processing_time: 0 } },
      ],
    },
    {
      name: 'chain',
      steps: [
        { name: 'one', task_type: 'default', parameters: { message: '1', processing_time: 0 } },
        { name: 'two', task_type: 'default', parameters: { message: '${steps.one.result.message}2', processing_time: 0 } },
        { name: 'three', task_type: 'default', parameters: { message: '${steps.two.result.message}3', processing_time: 0 } },
        { name: 'four', task_type: 'default', parameters: { message: '${steps.three.result.message}4', processing_time: 0 } },
      ],
    },
  ],
};

describe('workflows as graphs', () => {
  let platform: Platform;

  const getRun = async (id: string): Promise<Run> => {
    const { status, body } = await platform.getJson(`/workflow-runs/${id}`);
    if (status !== 200) throw new Error(`GET /workflow-runs/${id} answered ${status}: ${JSON.stringify(body)}`);
    return body as Run;
  };
  const waitForRun = (id: string, until: (run: Run) => boolean, what: string, timeoutMs = 60_000) =>
    waitFor(
      `run ${id} ${what}`,
      async () => {
        const run = await getRun(id);
        return until(run) ? run : undefined;
      },
      { timeoutMs },
    );
  const start = async (workflow: string, input: Record<string, unknown> = {}): Promise<Run> => {
    const { status, body } = await platform.request('POST', `/workflows/${workflow}/runs`, { input });
    if (status !== 201) throw new Error(`POST /workflows/${workflow}/runs answered ${status}: ${JSON.stringify(body)}`);
    return body as Run;
  };
  const tasksOf = (runId: string) =>
    platform.db.query<TaskRow>(
      `SELECT id, workflow_step, workflow_item, workflow_round, status, parameters, result, created_at, started_at, completed_at
         FROM tasks WHERE workflow_run_id = $1 ORDER BY created_at, id`,
      [runId],
    );

  beforeAll(async () => {
    const configDir = mkdtempSync(path.join(tmpdir(), 'atropos-graphs-'));
    writeFileSync(path.join(configDir, 'workflows.json'), JSON.stringify(WORKFLOWS));
    // The sweep decides timed-out approvals: often, so the test does not wait long.
    platform = await Platform.start({ CONFIG_DIR: configDir, WORKFLOW_SWEEP_INTERVAL_MS: '500' });
    await platform.startWorker({ WORKER_CONCURRENCY: '16' });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('runs a diamond: B and C at the same time once A is done, D after both with both results', async () => {
    const run = await waitForRun((await start('diamond')).id, (each) => each.status === 'completed', 'to complete');
    expect(run.steps.map((step) => step.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    const tasks = await tasksOf(run.id);
    const of = (step: number) => tasks.find((task) => task.workflow_step === step)!;
    const [ta, tb, tc, td] = [of(0), of(1), of(2), of(3)];
    // B and C overlapped: each started before the other completed.
    expect(tb.started_at!.getTime()).toBeLessThan(tc.completed_at!.getTime());
    expect(tc.started_at!.getTime()).toBeLessThan(tb.completed_at!.getTime());
    // started_at, not created_at: a task's created_at is its creating transaction's start, which
    // may precede the run's row lock it waited for (and the completion that lock let it see).
    expect(tb.started_at!.getTime()).toBeGreaterThanOrEqual(ta.completed_at!.getTime());
    expect(td.started_at!.getTime()).toBeGreaterThanOrEqual(Math.max(tb.completed_at!.getTime(), tc.completed_at!.getTime()));
    expect(td.parameters.message).toBe('A>B+A>C');
  });

  it('fans out over 100 elements, never more than 10 running at once, and passes the results on in order', async () => {
    const items = Array.from({ length: 100 }, (_, n) => `x${n}`);
    const run = await waitForRun((await start('fan', { items })).id, (each) => each.status === 'completed', 'to complete', 120_000);
    expect(run.steps[0]!.items).toMatchObject({ total: 100, created: 100, completed: 100 });
    const tasks = await tasksOf(run.id);
    const fanned = tasks.filter((task) => task.workflow_step === 0);
    expect(fanned.map((task) => task.workflow_item).sort((x, y) => x! - y!)).toEqual(items.map((_, n) => n));
    // Each element's task runs from its start to its completion; count the most running at once.
    // (created_at is the creating transaction's start, which may precede the lock it waited for.)
    const moments = fanned.flatMap((task) => [
      { at: task.started_at!.getTime(), change: 1 },
      { at: task.completed_at!.getTime(), change: -1 },
    ]);
    moments.sort((x, y) => x.at - y.at || x.change - y.change);
    let open = 0;
    let most = 0;
    for (const moment of moments) {
      open += moment.change;
      most = Math.max(most, open);
    }
    expect(most).toBeLessThanOrEqual(10);
    expect(most).toBeGreaterThan(1);
    const collect = tasks.find((task) => task.workflow_step === 1)!;
    expect(collect.parameters.message).toBe(`all: ${JSON.stringify(items.map((item, n) => ({ message: `${item}-${n}` })))}`);
  });

  it('skips the branch whose condition is false, and the steps that need only it', async () => {
    const run = await waitForRun((await start('branches', { region: 'us' })).id, (each) => each.status === 'completed', 'to complete');
    expect(run.steps.map((step) => [step.name, step.status])).toEqual([
      ['check', 'completed'],
      ['eu', 'skipped'],
      ['eu-report', 'skipped'],
      ['other', 'completed'],
      ['end', 'completed'],
    ]);
    expect(run.steps[1]!.skip_reason).toBe("its condition is false: ${steps.check.result.message} == 'eu'");
    expect(run.steps[2]!.skip_reason).toBe('every step it needs was skipped');
    expect((await tasksOf(run.id)).map((task) => task.workflow_step)).toEqual([0, 3, 4]);
  });

  it('continues after an approval with its payload, and rejects one left past its timeout', async () => {
    const approved = await start('gated');
    await waitForRun(approved.id, (run) => run.steps[1]!.status === 'awaiting_approval', 'to wait for approval');
    const pending = await platform.getJson('/workflow-approvals');
    expect(pending.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ run_id: approved.id, step: 'approve', workflow: 'gated' })]),
    );
    const decision = await platform.request('POST', `/workflow-runs/${approved.id}/steps/approve/approve`, {
      payload: { target: 'eu-west' },
      comment: 'ok',
    });
    expect(decision.status).toBe(200);
    const done = await waitForRun(approved.id, (run) => run.status === 'completed', 'to complete');
    expect(done.steps[1]).toMatchObject({
      status: 'approved',
      approval: { decided_by: 'operator', comment: 'ok', payload: { target: 'eu-west' } },
    });
    expect((await tasksOf(done.id)).at(-1)!.parameters.message).toBe('to eu-west');
    const again = await platform.request('POST', `/workflow-runs/${approved.id}/steps/approve/reject`, {});
    expect(again.status).toBe(409);
    expect((await platform.request('POST', `/workflow-runs/${approved.id}/steps/build/approve`, {})).status).toBe(409);
    expect((await platform.request('POST', `/workflow-runs/${approved.id}/steps/nope/approve`, {})).status).toBe(404);

    const left = await start('gated');
    const failed = await waitForRun(left.id, (run) => run.status === 'failed', 'to fail by its timeout', 20_000);
    expect(failed.steps.map((step) => step.status)).toEqual(['completed', 'rejected', 'waiting']);
    expect(failed.error).toBe('Step "approve" was rejected by its timeout: No decision within 2s');
  });

  it('goes on past a failed continue_on_failure step (its result null), and fails on a step without it', async () => {
    const run = await waitForRun((await start('tolerant')).id, (each) => each.status === 'failed', 'to fail', 60_000);
    expect(run.steps.map((step) => step.status)).toEqual(['failed', 'completed', 'completed', 'failed']);
    expect(run.error).toMatch(/^Step "strict" \(task [0-9a-f-]+\) failed after \d+ attempt\(s\)/);
    const after = (await tasksOf(run.id)).find((task) => task.workflow_step === 2)!;
    expect(after.parameters.message).toBe('null and fine');
  });

  it('reruns a completed run from its middle step: exactly that step and those downstream, keeping the earlier tasks', async () => {
    const first = await waitForRun((await start('chain')).id, (run) => run.status === 'completed', 'to complete');
    const rerun = await platform.request<Run>('POST', `/workflow-runs/${first.id}/rerun`, {
      from_step: 'two',
      parameters: { message: '${steps.one.result.message}B' },
    });
    expect(rerun.status).toBe(200);
    expect(rerun.body.status).toBe('running');
    const run = await waitForRun(first.id, (each) => each.status === 'completed', 'to complete again');
    const tasks = await tasksOf(run.id);
    expect(tasks.map((task) => [task.workflow_step, task.workflow_round])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    expect(tasks.at(-1)!.parameters.message).toBe('1B34');
    expect(run.steps.map((step) => step.round)).toEqual([0, 1, 1, 1]);
    expect(run.steps[1]!.history.map((each) => [each.round, each.status])).toEqual([
      [0, 'completed'],
      [1, 'completed'],
    ]);
    expect((await platform.request('POST', `/workflow-runs/${run.id}/rerun`, { from_step: 'zz' })).status).toBe(400);
  });

  it("streams the run's changes over SSE until it completes", async () => {
    const run = await start('chain');
    const response = await fetch(`${platform.api.baseUrl}/workflow-runs/${run.id}/events`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const statuses: string[] = [];
    while (!statuses.includes('completed')) {
      const { value, done } = (await reader.read()) as { value?: Uint8Array; done: boolean };
      if (done) break;
      text += decoder.decode(value, { stream: true });
      const events = text.split('\n\n');
      text = events.pop()!;
      for (const event of events) {
        if (!event.includes('event: run')) continue;
        statuses.push(
          (
            JSON.parse(
              event
                .split('\n')
                .find((line) => line.startsWith('data: '))!
                .slice(6),
            ) as Run
          ).status,
        );
      }
    }
    await reader.cancel();
    expect(statuses[0]).toBe('running');
    expect(statuses.at(-1)).toBe('completed');
    expect((await platform.getJson(`/workflow-runs/${run.id}/events`.replace(run.id, '00000000-0000-4000-8000-000000000000'))).status).toBe(
      404,
    );
  });

  it('refuses a definition with a cycle, naming its path, and pins runs to the version they started with', async () => {
    const cyclic = await platform.request<ApiError>('PUT', '/workflows/loop', {
      steps: [
        { name: 'a', task_type: 'default', needs: ['c'] },
        { name: 'b', task_type: 'default', needs: ['a'] },
        { name: 'c', task_type: 'default', needs: ['b'] },
      ],
    });
    expect(cyclic.status).toBe(400);
    expect(cyclic.body.message).toContain('needs: has a cycle: a → b → c → a');

    const v1 = await platform.request<{ version: number }>('PUT', '/workflows/versioned', {
      steps: [{ name: 'only', task_type: 'default', parameters: { message: 'v1', processing_time: 2 } }],
    });
    expect(v1.status).toBe(201);
    expect(v1.body.version).toBe(1);
    const run = await start('versioned');
    const v2 = await platform.request<{ version: number }>('PUT', '/workflows/versioned', {
      steps: [{ name: 'only', task_type: 'default', parameters: { message: 'v2', processing_time: 0 } }],
    });
    expect(v2.body.version).toBe(2);
    const same = await platform.request<{ version: number }>('PUT', '/workflows/versioned', {
      steps: [{ name: 'only', task_type: 'default', parameters: { message: 'v2', processing_time: 0 } }],
    });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(2);
    const versions = await platform.getJson<Array<{ version: number }>>('/workflows/versioned/versions');
    expect(versions.body.map((each) => each.version)).toEqual([2, 1]);

    const done = await waitForRun(run.id, (each) => each.status === 'completed', 'to complete');
    expect(done.version).toBe(1);
    expect((await tasksOf(run.id))[0]!.result).toEqual({ message: 'v1' });
    const later = await start('versioned');
    expect(later.version).toBe(2);
  });
});
