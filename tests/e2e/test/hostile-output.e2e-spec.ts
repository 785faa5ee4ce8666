import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Task, TaskDetail } from './platform.js';
import { Platform } from './platform.js';

/**
 * The fault suite's hostile output: what handlers and commands produce is made storable by the
 * task store, or the attempt fails with a clear error; nothing leaves a task `processing` or runs
 * it again and again. Commands print NUL bytes and invalid UTF-8 on stdout and stderr (exit 0 and
 * non-zero), a progress line built to make a backtracking parser spin, and an output that is a
 * link to the worker's environment; handlers (injected into a real worker, see
 * fixtures/hostile-handlers.mjs) throw what is not an Error and return what JSON or PostgreSQL
 * cannot hold; and PostgreSQL refuses a worker's outcome write outright.
 *
 * After each, the invariants of the fault suite: the task is final within the stalled-job window,
 * its attempts never exceed its budget, its history records one outcome per attempt, the program
 * or handler ran exactly as many times as the attempts say, and its job has left Redis.
 */
const MAX_RETRIES = 1;
const MAX_ATTEMPTS = MAX_RETRIES + 1;
/** Bull's lock duration (30 s) plus a stalled-job check: no task may take longer to be final. */
const STALLED_WINDOW_MS = 31_000;

const work = mkdtempSync(path.join(os.tmpdir(), 'atropos-hostile-'));
const runsDir = path.join(work, 'runs');
const configDir = path.join(work, 'config');
const fixture = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'hostile-handlers.mjs')).href;

/** A command type running `script` with sh; each run appends a line to runs/<type>.runs first. */
function shType(name: string, script: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    description: `Hostile output: ${name}.`,
    command: 'sh',
    args: ['-c', `echo run >> "$1"; ${script}`, 'sh', path.join(runsDir, `${name}.runs`)],
    timeout_s: 20,
    ...extra,
  };
}

const INVALID_UTF8 = String.raw`\377\376 \355\240\200 half\303`;
const TASK_TYPES = [
  shType('nul_stdout_exit_0', String.raw`printf 'good\000result'`),
  shType('nul_stderr_exit_0', String.raw`printf 'fine'; printf 'warn\000ing' >&2`),
  shType('nul_stdout_exit_3', String.raw`printf 'bad\000out'; exit 3`),
  shType('nul_stderr_exit_3', String.raw`printf 'bad\000byte' >&2; exit 3`),
  shType('invalid_utf8_exit_0', `printf '${INVALID_UTF8}'; printf '${INVALID_UTF8}' >&2`),
  shType('invalid_utf8_exit_4', `printf '${INVALID_UTF8}'; printf '${INVALID_UTF8}' >&2; exit 4`),
  shType('nul_progress', String.raw`printf '::progress:: 50 half\000way \355\240\200\n'; sleep 0.3; printf 'done'`, { env: ['PATH'] }),
  shType(
    // The line that held the old progress pattern for seconds per copy, twenty times over.
    'spinning_progress',
    `line="::progress:: 1$(printf '%4000s' '')"; i=0; while [ $i -lt 20 ]; do printf '%s\\rx\\n' "$line"; i=$((i+1)); done; printf 'survived'`,
  ),
  shType('environ_link', `ln -s /proc/self/environ out.txt`, { env: ['PATH'], outputs: [{ name: 'out.txt', content_type: 'text/plain' }] }),
];

let platform: Platform;
let worker: Awaited<ReturnType<Platform['startWorker']>>;

beforeAll(async () => {
  for (const dir of [runsDir, configDir]) mkdirSync(dir);
  writeFileSync(path.join(configDir, 'task-types.json'), JSON.stringify(TASK_TYPES, null, 2));
  platform = await Platform.start({ CONFIG_DIR: configDir, TASK_MAX_RETRIES: String(MAX_RETRIES) });
  // PostgreSQL refuses the completion of any task whose message asks for it: a worker whose outcome write fails.
  await platform.db.query(`
    CREATE FUNCTION refuse_completion() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'disk quota exceeded (refused by the test)'; END $$;
    CREATE TRIGGER refuse_completion BEFORE UPDATE ON tasks FOR EACH ROW
      WHEN (NEW.status = 'completed' AND NEW.parameters->>'message' = 'hostile:outcome-refused')
      EXECUTE FUNCTION refuse_completion();`);
  worker = await platform.startWorker({
    CONFIG_DIR: configDir,
    WORKER_CONCURRENCY: '8',
    NODE_OPTIONS: `--import ${fixture}`,
    HOSTILE_RUNS_DIR: runsDir,
  });
});

afterAll(async () => {
  await platform?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** How many times the program or handler behind `file` really ran. */
function runsOf(file: string): number {
  try {
    return readFileSync(path.join(runsDir, file), 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

/** The fault suite's invariants, for one task that was accepted with a 201. */
async function expectInvariants(task: Task, runs: number): Promise<void> {
  expect(['completed', 'failed', 'cancelled']).toContain(task.status);
  expect(task.attempts).toBeGreaterThanOrEqual(1);
  expect(task.attempts).toBeLessThanOrEqual(task.max_attempts);
  // One outcome per attempt: a failure entry for each failed attempt, numbered 1, 2, … in order,
  // and the final status for the last one (no attempt recorded twice, none run unrecorded).
  const numbers = task.attempt_errors.map((entry) => entry.attempt);
  const failedAttempts = task.status === 'completed' ? task.attempts - 1 : task.attempts;
  expect(numbers).toEqual(Array.from({ length: failedAttempts }, (_, i) => i + 1));
  if (task.status === 'completed') expect(task.error).toBeNull();
  if (task.status === 'failed') expect(task.error).toBe(task.attempt_errors.at(-1)!.error);
  expect(runs).toBe(task.attempts);
  // Final means done with Redis too: the job has gone.
  await platform.waitForJobGone(task.id);
}

async function runCommandType(name: string): Promise<Task> {
  const created = await platform.createTask(name);
  const task = await platform.waitForStatus(created.id, ['completed', 'failed', 'cancelled'], STALLED_WINDOW_MS);
  await expectInvariants(task, runsOf(`${name}.runs`));
  return task;
}

async function runHandler(fault: string): Promise<Task> {
  const created = await platform.createTask('default', { message: `hostile:${fault}`, processing_time: 0 });
  const task = await platform.waitForStatus(created.id, ['completed', 'failed', 'cancelled'], STALLED_WINDOW_MS);
  await expectInvariants(task, runsOf(`${created.id}.runs`));
  return task;
}

describe('a command that prints what PostgreSQL cannot store', () => {
  it('completes once with exit 0 and a NUL on stdout, the NUL replaced by U+FFFD', async () => {
    const task = await runCommandType('nul_stdout_exit_0');
    expect(task).toMatchObject({ status: 'completed', attempts: 1 });
    expect(task.result).toMatchObject({ exit_code: 0, stdout: 'good\ufffdresult', stderr: '' });
  });

  it('completes once with exit 0 and a NUL on stderr', async () => {
    const task = await runCommandType('nul_stderr_exit_0');
    expect(task).toMatchObject({ status: 'completed', attempts: 1 });
    expect(task.result).toMatchObject({ stdout: 'fine', stderr: 'warn\ufffding' });
  });

  it('fails after its budget with exit 3 and a NUL on stdout', async () => {
    const task = await runCommandType('nul_stdout_exit_3');
    expect(task).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(task.error).toBe('Command nul_stdout_exit_3 exited with code 3 (no stderr)');
  });

  it('fails after its budget with exit 3 and a NUL on stderr, quoting stderr storably', async () => {
    const task = await runCommandType('nul_stderr_exit_3');
    expect(task).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(task.error).toBe('Command nul_stderr_exit_3 exited with code 3; stderr: bad\ufffdbyte');
  });

  it('completes once with invalid UTF-8 on stdout and stderr, and fails after its budget with exit 4', async () => {
    const ok = await runCommandType('invalid_utf8_exit_0');
    expect(ok).toMatchObject({ status: 'completed', attempts: 1 });
    const output = ok.result as { stdout: string; stderr: string };
    expect(output.stdout).toContain('\ufffd');
    expect(output.stdout).toContain(' half');
    expect(output.stderr).toBe(output.stdout);
    const failed = await runCommandType('invalid_utf8_exit_4');
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(failed.error).toMatch(/^Command invalid_utf8_exit_4 exited with code 4; stderr: .*\ufffd.* half/);
  });

  it('reports a progress message holding a NUL and invalid UTF-8, made storable', async () => {
    // The final status keeps the last progress message, so the write of it is what is checked here.
    const task = await runCommandType('nul_progress');
    expect(task).toMatchObject({ status: 'completed', attempts: 1, progress_message: expect.stringMatching(/^half\ufffdway \ufffd/) });
  });

  it('never holds the worker with a progress line built to make a pattern backtrack', async () => {
    const task = await runCommandType('spinning_progress');
    // A held event loop loses Bull's lock (the job then runs again elsewhere): one attempt says it was not.
    expect(task).toMatchObject({ status: 'completed', attempts: 1 });
    expect((task.result as { stdout: string }).stdout.endsWith('survived')).toBe(true);
    expect(worker.isRunning()).toBe(true);
  });

  it('fails at once, saving nothing, when its output is a link to the worker environment', async () => {
    const task = await runCommandType('environ_link');
    expect(task).toMatchObject({ status: 'failed', attempts: 1 });
    expect(task.error).toContain(`Output "out.txt" is not a file of the attempt's directory`);
    const { body } = await platform.getJson<TaskDetail>(`/tasks/${task.id}`);
    expect(body.artifacts).toEqual([]);
  });
});

describe('a handler that misbehaves', () => {
  it('throws a string: each attempt fails with that string, until the budget is spent', async () => {
    const task = await runHandler('throw-string');
    expect(task).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, error: 'a plain string, not an Error' });
  });

  it('throws an object or null: each attempt fails with what was thrown, as JSON', async () => {
    const object = await runHandler('throw-object');
    expect(object).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, error: '{"code":42,"reason":"an object, not an Error"}' });
    const nothing = await runHandler('throw-null');
    expect(nothing).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, error: 'null' });
  });

  it('throws an Error whose message PostgreSQL cannot store: recorded with U+FFFD in its place', async () => {
    const task = await runHandler('throw-unstorable-error');
    expect(task).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, error: 'bad\ufffdbyte and a lone \ufffd surrogate' });
  });

  it('returns what JSON cannot hold: fails at once, without retries, saying why', async () => {
    // The worker checks a result against its type's result schema before storing it, so none of
    // these reaches JSON.stringify; a type without one fails the same way, in the task store
    // ("The result cannot be stored as JSON: …", packages/db/src/task-store/storable.spec.ts).
    const big = await runHandler('bigint');
    expect(big).toMatchObject({ status: 'failed', attempts: 1 });
    expect(big.error).toMatch(/^The result does not match the result schema of default: result\.message: .*bigint/);
    const circular = await runHandler('circular');
    expect(circular).toMatchObject({ status: 'failed', attempts: 1 });
    expect(circular.error).toMatch(/^The result does not match the result schema of default: result\.self: is not a recognised field/);
    const toJson = await runHandler('throwing-tojson');
    expect(toJson).toMatchObject({ status: 'failed', attempts: 1 });
    expect(toJson.error).toMatch(/^The result does not match the result schema of default: result\.toJSON: is not a recognised field/);
  });

  it('returns strings PostgreSQL cannot store: completes once, each replaced by U+FFFD', async () => {
    const task = await runHandler('unstorable-result');
    expect(task).toMatchObject({ status: 'completed', attempts: 1 });
    expect(task.result).toEqual({ message: 'a\ufffdb, a lone \ufffd and x\ufffdy' });
  });
});

describe('a worker whose outcome write PostgreSQL refuses', () => {
  it('fails the task with the reason instead of leaving it processing or running it again', async () => {
    const task = await runHandler('outcome-refused');
    expect(task).toMatchObject({ status: 'failed', attempts: 1 });
    expect(task.error).toMatch(/^The attempt's result could not be stored: .*disk quota exceeded \(refused by the test\)/);
  });
});
