import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, repoRoot, startApi, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/**
 * examples/python-worker/worker.py as a user runs it: `python3` as a real process, with a key of
 * the worker scope, against the API started with the example's task-types.json. It takes the
 * tasks of word_count, shows their progress and completes them; paused (SIGSTOP) long enough for
 * its lease to run out, it is superseded by another claim, and its late reports are refused.
 */
const WORKER_KEY = 'worker-key-0123456789abcdef';
const WRITE_KEY = 'write-key-0123456789abcdef';
const EXAMPLE = path.join(repoRoot(), 'examples', 'python-worker');

let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;
let python: ChildProcess;
let pythonLog = '';

/** What these tests read of an answer: a task's fields, or an error's message. */
interface ReplyBody {
  id: string;
  status: string;
  progress: number;
  message: string;
}

async function call(method: string, route: string, key: string, body?: unknown): Promise<{ status: number; body: ReplyBody }> {
  const response = await fetch(`${api.baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // An empty answer (204) has no body: read only after checking the status.
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as ReplyBody };
}

const getTask = async (id: string) => (await call('GET', `/tasks/${id}`, WRITE_KEY)).body;

async function createWordCount(text: string, pauseS: number): Promise<string> {
  const created = await call('POST', '/tasks', WRITE_KEY, { task_type: 'word_count', parameters: { text, pause_s: pauseS } });
  expect(created.status).toBe(201);
  return created.body.id;
}

const waitForTask = (id: string, what: string, test: (task: ReplyBody) => boolean, timeoutMs = 20_000) =>
  waitFor(
    `task ${id} ${what}\n--- the Python worker printed ---\n${pythonLog}`,
    async () => {
      const task = await getTask(id);
      return test(task) ? task : undefined;
    },
    { timeoutMs },
  );

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    CONFIG_DIR: EXAMPLE,
    API_KEYS: `worker:${WORKER_KEY},write:${WRITE_KEY}`,
    HTTP_WORKER_LEASE_MS: '2000',
  });
  python = spawn('python3', [path.join(EXAMPLE, 'worker.py')], {
    env: { PATH: process.env.PATH, ATROPOS_URL: api.baseUrl, ATROPOS_API_KEY: WORKER_KEY, WORKER_ID: 'py-e2e' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  python.stdout!.on('data', (chunk: Buffer) => (pythonLog += chunk.toString()));
  python.stderr!.on('data', (chunk: Buffer) => (pythonLog += chunk.toString()));
  await waitFor(`the Python worker to start\n${pythonLog}`, () => pythonLog.includes('serving word_count'));
});

/** Stops the Python worker with SIGTERM, as an orchestrator would (SIGKILL after 10 s); its exit code. */
async function stopPython(): Promise<number | null> {
  if (python.exitCode !== null || python.signalCode !== null) return python.exitCode;
  const exited = new Promise<number | null>((resolve) => python.once('exit', (code) => resolve(code)));
  python.kill('SIGCONT');
  python.kill('SIGTERM');
  const killer = setTimeout(() => python.kill('SIGKILL'), 10_000);
  try {
    return await exited;
  } finally {
    clearTimeout(killer);
  }
}

afterAll(async () => {
  if (python) await stopPython();
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('the Python example worker', () => {
  it('completes a word_count task, its progress visible while it runs', async () => {
    const id = await createWordCount('the quick brown fox\njumps over the lazy dog\n', 3);
    const running = await waitForTask(id, 'to show progress', (task) => task.status === 'processing' && task.progress > 0);
    expect(running).toMatchObject({
      worker_id: 'py-e2e',
      attempts: 1,
      progress_message: expect.stringMatching(/^Counted \d+ words so far$/),
    });
    expect(running.progress).toBeLessThan(100);

    const done = await waitForTask(id, 'to complete', (task) => task.status === 'completed');
    expect(done).toMatchObject({
      attempts: 1,
      worker_id: 'py-e2e',
      result: { lines: 2, words: 9, characters: 44, longest_word: 'quick' },
      attempt_errors: [],
    });
    // The worker writes its line once the API has answered its completion, which may be after we read the task.
    await waitFor(`the Python worker to log the completion\n${pythonLog}`, () => pythonLog.includes(`task ${id}: completed`));
  });

  it('fails without retries a task retrying cannot fix', async () => {
    const id = await createWordCount('   ', 0);
    const failed = await waitForTask(id, 'to fail', (task) => task.status === 'failed');
    expect(failed).toMatchObject({ attempts: 1, error: 'PermanentError: text holds no words' });
  });

  it('is superseded once its lease runs out: the late completion of its attempt is refused with 409', async () => {
    const id = await createWordCount('one two three four five six seven eight nine ten', 6);
    await waitForTask(id, 'to be running on the Python worker', (task) => task.status === 'processing' && task.progress > 0);
    python.kill('SIGSTOP');
    try {
      // Another worker's claim takes the task over as soon as the lease (2 s) has run out.
      const takeover = await call('POST', '/worker/claims', WORKER_KEY, { worker_id: 'other-worker', types: ['word_count'], wait_s: 20 });
      expect(takeover.body).toMatchObject({ task_id: id, attempt: 2 });
      const late = await call('POST', `/worker/tasks/${id}/complete`, WORKER_KEY, { attempt: 1, result: { words: -1 } });
      expect(late.status).toBe(409);
      expect(late.body.message).toContain('is at attempt 2');
      expect((await call('POST', `/worker/tasks/${id}/complete`, WORKER_KEY, { attempt: 2, result: { words: 10 } })).status).toBe(200);
    } finally {
      python.kill('SIGCONT');
    }
    // Resumed, the Python worker learns from its next report that attempt 1 is no longer its own.
    await waitFor(`the Python worker to drop attempt 1\n${pythonLog}`, () =>
      new RegExp(`task ${id}: attempt 1 (dropped|superseded).*\\(409\\)`).test(pythonLog),
    );
    expect(await getTask(id)).toMatchObject({
      status: 'completed',
      attempts: 2,
      worker_id: 'other-worker',
      result: { words: 10 },
      attempt_errors: [{ attempt: 1, worker_id: 'py-e2e', error: expect.stringContaining('lease of the attempt ran out') }],
    });

    // And it goes on serving.
    const next = await createWordCount('still here', 0);
    expect(await waitForTask(next, 'to complete', (task) => task.status === 'completed')).toMatchObject({
      worker_id: 'py-e2e',
      result: { words: 2 },
    });
  });

  it('stops on SIGTERM while it waits for a task', async () => {
    expect(await stopPython()).toBe(0);
    expect(pythonLog).toContain('signal 15');
  });
});
