import { createDataSource, runMigrations } from '@atropos/db';
import { createTasksQueue, taskQueueName } from '@atropos/queue';
import type { TasksQueue } from '@atropos/queue';
import type { TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Worker } from '../src/index.js';
import { defineTask, startWorker } from '../src/index.js';

/**
 * The library's runner in this process, on the real PostgreSQL and Redis: what a task returns is
 * checked against its result schema, its parameters against its own schema, and its timeout
 * reaches `run` through ctx.signal.
 */
let db: TestDatabase;
let redis: TestQueue;
let queue: TasksQueue;
let worker: Worker;

const echo = defineTask({
  name: 'echo',
  description: 'Echoes message; a result schema that wants a string',
  parameters: z.strictObject({
    message: z.string().nullable().default(null),
    sleep_ms: z.int().min(0).default(0),
    log: z.boolean().default(false),
  }),
  result: z.strictObject({ message: z.string() }),
  timeout_s: 1,
  max_retries: 0,
  async run(params, ctx) {
    if (params.sleep_ms > 0) await sleep(params.sleep_ms, undefined, { signal: ctx.signal });
    if (params.log) {
      // What a handler may well print: a NUL and a lone surrogate, in the message and in the fields.
      ctx.log.info('nul\u0000 and \ud800 here', { value: 'v\u0000', ['k\ud800']: 1 });
    }
    return { message: params.message as string };
  },
});

beforeAll(async () => {
  db = await createTestDatabase();
  const dataSource = await createDataSource({ url: db.url, poolSize: 2 }).initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();
  redis = createTestQueue();
  queue = createTasksQueue({ name: taskQueueName('echo'), redisUrl: redis.redisUrl, prefix: redis.prefix });
  worker = await startWorker({
    tasks: [echo],
    databaseUrl: db.url,
    redisUrl: redis.redisUrl,
    queuePrefix: redis.prefix,
    workerId: 'runner-test',
    shutdownGraceMs: 1000,
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
});

afterAll(async () => {
  await worker?.stop();
  await queue?.close();
  await redis?.cleanUp();
  await db?.drop();
});

/** A task as the API would leave it: its row, and its job on the type's own queue. */
async function runTask(parameters: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO tasks (id, task_type, status, parameters, max_attempts, timeout_s) VALUES ($1, 'echo', 'pending', $2, 1, 1)`,
    [id, JSON.stringify(parameters)],
  );
  await queue.add({ taskId: id }, { jobId: id, attempts: 1, removeOnComplete: true, removeOnFail: true });
  return id;
}

interface Row {
  status: string;
  attempts: number;
  result: unknown;
  error: string | null;
  worker_id: string | null;
}

async function finalRow(id: string): Promise<Row> {
  let row: Row | undefined;
  await waitFor(`task ${id} to be final`, async () => {
    [row] = await db.query<Row & Record<string, unknown>>('SELECT status, attempts, result, error, worker_id FROM tasks WHERE id = $1', [
      id,
    ]);
    return row?.status === 'completed' || row?.status === 'failed';
  });
  return row!;
}

describe('the runner of @atropos/worker', () => {
  it('stores a result its schema accepts', async () => {
    expect(await finalRow(await runTask({ message: 'hello' }))).toMatchObject({
      status: 'completed',
      attempts: 1,
      result: { message: 'hello' },
      worker_id: 'runner-test',
    });
  });

  it('fails the task without retries, naming the field at fault, when the result schema refuses the result', async () => {
    const row = await finalRow(await runTask({}));
    expect(row).toMatchObject({ status: 'failed', attempts: 1, result: null });
    expect(row.error).toBe(
      'The result does not match the result schema of echo: result.message: Invalid input: expected string, received null',
    );
  });

  it("checks the parameters again with the task's own schema", async () => {
    const row = await finalRow(await runTask({ message: 'hi', colour: 'red' }));
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.error).toContain('Invalid task: parameters.colour');
  });

  it('aborts a run past its timeout through ctx.signal and records the timeout', async () => {
    const row = await finalRow(await runTask({ message: 'slow', sleep_ms: 10_000 }));
    expect(row).toMatchObject({ status: 'failed', error: "Timed out: the attempt ran longer than the task's timeout of 1 s" });
  });

  it('stores the log lines a handler writes even when they hold what PostgreSQL refuses, made storable', async () => {
    const id = await runTask({ message: 'logged', log: true });
    expect(await finalRow(id)).toMatchObject({ status: 'completed' });
    const lines = await db.query<{ message: string; fields: unknown }>(
      `SELECT message, fields FROM task_logs WHERE task_id = $1 AND message <> '' ORDER BY id`,
      [id],
    );
    expect(lines).toContainEqual({ message: 'nul\ufffd and \ufffd here', fields: { value: 'v\ufffd', 'k\ufffd': 1 } });
  });
});
