import type { RunningApi } from '@atropos/testing';
import { startApi, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Platform } from './platform.js';

/**
 * The `atropos` command line as a user runs it: the built bin of @atropos/client, a real process,
 * against a real API and worker on their own database and queue prefix.
 */
const cliPath = path.join(path.dirname(createRequire(import.meta.url).resolve('@atropos/client/package.json')), 'dist', 'cli', 'main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let platform: Platform;

/** Runs `atropos <args>` to its end; stdout and stderr are pipes, so not a terminal. */
function atropos(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const { NODE_OPTIONS: _jestVmModules, ...inherited } = process.env;
    execFile(
      process.execPath,
      [cliPath, ...args],
      { env: { ...inherited, ATROPOS_URL: platform.api.baseUrl, ATROPOS_API_KEY: '', ...env }, timeout: 50_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

const rowOf = async (id: string) =>
  (
    await platform.db.query<{ status: string; result: unknown; parameters: Record<string, unknown>; priority: number }>(
      'SELECT status, result, parameters, priority FROM tasks WHERE id = $1',
      [id],
    )
  )[0];
const taskCount = async () => Number((await platform.db.query<{ count: string }>('SELECT count(*) FROM tasks'))[0]!.count);

beforeAll(async () => {
  platform = await Platform.start({ TASK_MAX_RETRIES: '1' });
  await platform.startWorker({ WORKER_CONCURRENCY: '4' });
});

afterAll(async () => {
  await platform?.stop();
});

describe('atropos tasks create --wait', () => {
  it('shows progress with its message, prints the result and exits 0 once the task completes', async () => {
    const run = await atropos([
      'tasks',
      'create',
      'data_processing',
      '--param',
      // Long enough that the CLI, started on a busy machine, still sees the task part-way.
      'processing_time=3',
      '--param',
      'record_count=20000',
      '--param',
      'seed=7',
      '--priority',
      '2',
      '--wait',
    ]);
    expect(run).toMatchObject({ code: 0 });
    const id = /Created task ([0-9a-f-]{36})/.exec(run.stderr)?.[1];
    expect(id).toBeDefined();
    // Not a terminal: one plain line per change, with the percentage and the handler's message.
    const progressLines = run.stderr
      .split('\n')
      .filter((line) => /^\d\d:\d\d:\d\d processing +\d+% {2}Processed [\d,]+ of 20,000 records$/.test(line));
    expect(new Set(progressLines.map((line) => line.slice(9))).size).toBeGreaterThanOrEqual(2);
    expect(run.stderr).toMatch(/completed +100%/);
    const row = await rowOf(id!);
    expect(row).toMatchObject({ status: 'completed', parameters: { record_count: 20000, seed: 7, processing_time: 3 }, priority: 2 });
    expect(JSON.parse(run.stdout)).toEqual(row!.result);
  });

  it('exits 1 with the error of every attempt when the task fails; --json prints the outcome', async () => {
    const run = await atropos([
      'tasks',
      'create',
      'default',
      '--param',
      'processing_time=0',
      '--param',
      'fail_attempts=5',
      '--wait',
      '--json',
    ]);
    expect(run.code).toBe(1);
    const outcome = JSON.parse(run.stdout) as { id: string; status: string; error: string; attempt_errors: unknown[] };
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringContaining('Simulated failure of attempt 2') });
    expect(outcome.attempt_errors).toHaveLength(2);
    expect(run.stderr).toContain(`Task ${outcome.id} failed: Simulated failure of attempt 2`);
    expect(run.stderr).toContain('attempt 1: Simulated failure of attempt 1');
    expect((await rowOf(outcome.id))?.status).toBe('failed');
  });

  it('stops waiting on Ctrl-C (exit 130) or after --wait-timeout (exit 1), leaving the task running', async () => {
    const { NODE_OPTIONS: _jestVmModules, ...inherited } = process.env;
    const child = spawn(process.execPath, [cliPath, 'tasks', 'create', 'default', '--param', 'processing_time=30', '--wait'], {
      env: { ...inherited, ATROPOS_URL: platform.api.baseUrl },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor('the CLI to follow the task', () => /processing/.test(stderr));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const id = /Created task ([0-9a-f-]{36})/.exec(stderr)![1]!;
    expect(stderr).toContain(`Stopped waiting; task ${id} goes on`);
    expect((await rowOf(id))?.status).toBe('processing');

    const timedOut = await atropos(['tasks', 'watch', id, '--wait-timeout', '1']);
    expect(timedOut).toMatchObject({ code: 1, stderr: expect.stringContaining(`Gave up waiting for ${id} after 1000 ms`) });
    expect((await rowOf(id))?.status).toBe('processing');
    await platform.request('POST', `/tasks/${id}/cancel`);
  });

  it('shows a progress bar with the message on a terminal', async () => {
    // script(1) gives the CLI a pseudo-terminal, 120 columns wide, as a person's shell would.
    const { NODE_OPTIONS: _jestVmModules, ...inherited } = process.env;
    const command = `stty cols 120 rows 40; exec ${process.execPath} ${cliPath} tasks create data_processing --param processing_time=3 --param record_count=5000 --wait`;
    const run = await new Promise<Run>((resolve) => {
      execFile(
        'script',
        ['-qec', command, '/dev/null'],
        { env: { ...inherited, ATROPOS_URL: platform.api.baseUrl, TERM: 'xterm' }, timeout: 50_000 },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/[█░]{30} +\d+% \| processing \| Processed [\d,]+ of 5,000 records/);
    expect(run.stdout).toMatch(/█{30} 100% \| completed \| Processed 5,000 of 5,000 records/);
    // Redrawn in place: no line per update.
    expect(run.stdout).not.toMatch(/^\d\d:\d\d:\d\d processing/m);
  });
});

describe('atropos: usage errors exit 2 and create nothing', () => {
  it('names each parameter the API refused', async () => {
    const before = await taskCount();
    const run = await atropos(['tasks', 'create', 'data_processing', '--param', 'record_count=0', '--param', 'processing_time=-1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('POST /tasks refused the input:');
    expect(run.stderr).toContain('  parameters.record_count: Too small');
    expect(run.stderr).toContain('  parameters.processing_time: Too small');
    expect(await taskCount()).toBe(before);

    const asJson = await atropos(['tasks', 'create', 'data_processing', '--param', 'record_count=0', '--json']);
    expect(asJson).toMatchObject({ code: 2, stdout: '' });
    expect(JSON.parse(asJson.stderr)).toEqual({
      error: expect.objectContaining({
        statusCode: 400,
        details: [{ field: 'parameters.record_count', message: expect.stringContaining('Too small') }],
      }),
    });
  });

  it('refuses an unknown type, a bad option value, an unknown option and malformed JSON', async () => {
    const before = await taskCount();
    const unknownType = await atropos(['tasks', 'create', 'no_such_type']);
    expect(unknownType).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown task type "no_such_type"; the API has data_processing'),
    });
    const priority = await atropos(['tasks', 'create', 'default', '--priority', '11']);
    expect(priority).toMatchObject({ code: 2, stderr: expect.stringContaining('expected a whole number from 1 to 10') });
    const option = await atropos(['tasks', 'create', 'default', '--colour', 'blue']);
    expect(option).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--colour'") });
    const json = await atropos(['workflows', 'run', 'sales-report', '--input', '{title: Q3}']);
    expect(json).toMatchObject({ code: 2, stderr: expect.stringContaining('--input: not valid JSON') });
    expect(await taskCount()).toBe(before);
  });

  it('prints help that starts a newcomer off, and exits 0', async () => {
    const run = await atropos(['--help']);
    expect(run.code).toBe(0);
    for (const text of [
      'ATROPOS_URL',
      'ATROPOS_API_KEY',
      'Exit codes',
      'atropos types',
      'atropos tasks create data_processing --param record_count=5000 --wait',
    ]) {
      expect(run.stdout).toContain(text);
    }
    const create = await atropos(['tasks', 'create', '--help']);
    expect(create.code).toBe(0);
    expect(create.stdout).toContain('--param <key=value>');
    expect(create.stdout).toContain('--wait');
  });
});

describe('atropos tasks list | get | result | cancel | retry | delete', () => {
  it('manages a task through its life, each answer matching the database', async () => {
    const created = await atropos(['tasks', 'create', 'data_processing', '--param', 'processing_time=60', '--json']);
    expect(created.code).toBe(0);
    const task = JSON.parse(created.stdout) as { id: string; status: string };
    expect(task.status).toBe('pending');

    const listed = await atropos(['tasks', 'list', '--type', 'data_processing', '--json']);
    expect((JSON.parse(listed.stdout) as { data: Array<{ id: string }> }).data.map((row) => row.id)).toContain(task.id);
    const table = await atropos(['tasks', 'list', '--type', 'data_processing']);
    expect(table.stdout).toMatch(new RegExp(`^${task.id}  data_processing  \\w+ +\\d+%`, 'm'));

    const unfinished = await atropos(['tasks', 'result', task.id]);
    expect(unfinished.code).toBe(1);
    expect(unfinished.stderr).toContain(`run \`atropos tasks result ${task.id} --wait\``);

    const cancelled = await atropos(['tasks', 'cancel', task.id]);
    expect(cancelled).toMatchObject({ code: 0, stdout: expect.stringContaining(`Cancelled task ${task.id}`) });
    await platform.waitForStatus(task.id, ['cancelled']);
    const again = await atropos(['tasks', 'cancel', task.id]);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('already final') });

    const shown = await atropos(['tasks', 'get', task.id, '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: task.id, status: 'cancelled', artifacts: [] });
    const text = await atropos(['tasks', 'get', task.id]);
    expect(text.stdout).toMatch(/^Status +cancelled/m);

    const retried = await atropos(['tasks', 'retry', task.id, '--json']);
    expect(retried.code).toBe(0);
    expect(['pending', 'processing']).toContain((await rowOf(task.id))?.status);
    await atropos(['tasks', 'cancel', task.id]);
    await platform.waitForStatus(task.id, ['cancelled']);

    const deleted = await atropos(['tasks', 'delete', task.id]);
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted task ${task.id}\n` });
    expect(await rowOf(task.id)).toBeUndefined();
    const gone = await atropos(['tasks', 'get', task.id]);
    expect(gone).toMatchObject({ code: 1, stderr: expect.stringContaining(`No task with id ${task.id}`) });
  });

  it('prints the result of a completed task, and waits for one with --wait', async () => {
    const task = await platform.createTask('report_generation', { processing_time: 0.5, sections: 2, format: 'csv' });
    const waited = await atropos(['tasks', 'result', task.id, '--wait']);
    expect(waited.code).toBe(0);
    const row = await rowOf(task.id);
    expect(JSON.parse(waited.stdout)).toEqual(row!.result);
    const plain = await atropos(['tasks', 'result', task.id, '--json']);
    expect(JSON.parse(plain.stdout)).toMatchObject({ id: task.id, status: 'completed', result: row!.result });
  });
});

describe('atropos tasks watch', () => {
  it('prints every task change as it happens until Ctrl-C, then exits 0', async () => {
    const { NODE_OPTIONS: _jestVmModules, ...inherited } = process.env;
    const child = spawn(process.execPath, [cliPath, 'tasks', 'watch', '--json'], {
      env: { ...inherited, ATROPOS_URL: platform.api.baseUrl },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor('watch to connect', () => stderr.includes('Watching every task'));

    const task = await platform.createTask('default', { processing_time: 0.3 });
    await waitFor(
      `watch to print task ${task.id} completed`,
      () => stdout.includes(`"id":"${task.id}"`) && /"status":"completed"/.test(stdout),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; task: { id: string; status: string } });
    const statuses = events.filter((event) => event.task?.id === task.id).map((event) => event.task.status);
    expect(statuses[0]).toBe('pending');
    expect(statuses).toContain('processing');
    expect(statuses.at(-1)).toBe('completed');
  });

  it('follows one task to its end with its id, like create --wait', async () => {
    const task = await platform.createTask('default', { processing_time: 0.5 });
    const run = await atropos(['tasks', 'watch', task.id]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/completed +100%/);
  });
});

describe('atropos workflows and types', () => {
  it('runs a workflow to its end with --wait and exits 0', async () => {
    const run = await atropos(['workflows', 'run', 'sales-report', '--input', '{"title": "Q3", "sections": 2}', '--wait', '--json']);
    expect(run.code).toBe(0);
    const finished = JSON.parse(run.stdout) as { id: string; status: string; steps: Array<{ status: string }> };
    expect(finished.status).toBe('completed');
    expect(finished.steps.map((step) => step.status)).toEqual(['completed', 'completed', 'completed']);
    const [row] = await platform.db.query<{ status: string }>('SELECT status FROM workflow_runs WHERE id = $1', [finished.id]);
    expect(row?.status).toBe('completed');
    expect(run.stderr).toMatch(/completed +100% {2}3\/3 steps done/);
  });

  it('lists the types as the API does, and shows one with its parameters and an example', async () => {
    const listed = await atropos(['types', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual((await platform.getJson('/task-types')).body);
    const one = await atropos(['types', 'data_processing']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^ +record_count +integer 1\.\.10000000, default 1000 /m);
    expect(one.stdout).toContain('atropos tasks create data_processing --param');
  });
});

describe('atropos against an API with API_KEYS', () => {
  const key = 'write-key-0123456789abcdef';
  let keyed: RunningApi;

  beforeAll(async () => {
    // A second API on the same database and queue: the worker above runs its tasks too.
    keyed = await startApi({
      DATABASE_URL: platform.db.url,
      REDIS_URL: platform.queue.redisUrl,
      QUEUE_PREFIX: platform.queue.prefix,
      API_KEYS: `write:${key}`,
    });
  });

  afterAll(async () => {
    await keyed?.process.stop();
  });

  it('sends ATROPOS_API_KEY, and says what is missing without it', async () => {
    const without = await atropos(['types'], { ATROPOS_URL: keyed.baseUrl });
    expect(without).toMatchObject({ code: 1, stderr: expect.stringContaining('An API key is required') });
    const wrong = await atropos(['types'], { ATROPOS_URL: keyed.baseUrl, ATROPOS_API_KEY: 'not-the-key-0123456789' });
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('The API key is not valid') });
    const run = await atropos(['tasks', 'create', 'default', '--param', 'processing_time=0', '--wait', '--url', keyed.baseUrl], {
      ATROPOS_API_KEY: key,
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: null });
  });

  it('exits 1 naming the address when nothing answers there', async () => {
    const run = await atropos(['types'], { ATROPOS_URL: 'http://127.0.0.1:9' });
    expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining('The Atropos API at http://127.0.0.1:9 did not answer') });
  });
});
