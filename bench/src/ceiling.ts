/**
 * The ceiling of a naive design: exactly Atropos' work for a no-op task, hand-written, without
 * HTTP or a framework. Same PostgreSQL table (the real migrations), same Bull queue library with
 * its own connections (naive-queue.ts), same Redis, one round trip per step:
 *
 *   producer: INSERT the row  →  queue.add({ taskId }, { jobId })
 *   consumer: queue.process → UPDATE … 'processing'  →  UPDATE … 'completed'
 *
 * Run as two processes, like the API and the worker it stands for:
 *   CEILING_ROLE=consumer  takes jobs with CEILING_CONCURRENCY until SIGTERM;
 *   CEILING_ROLE=producer  reads `run <tasks> <clients>` lines on stdin and answers
 *                          `ceiling-produced {"tasks":…,"ms":…}` once every row is inserted and queued.
 * Both need DATABASE_URL, REDIS_URL and QUEUE_PREFIX (the bench passes a prefix of its own).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { createDataSource } from '@atropos/db';
import { openNaiveQueue } from './naive-queue.js';

const env = process.env;
const role = required('CEILING_ROLE');
const databaseUrl = required('DATABASE_URL');
const redisUrl = required('REDIS_URL');
const prefix = required('QUEUE_PREFIX');

const db = await createDataSource({
  url: databaseUrl,
  poolSize: Number(env.DATABASE_POOL_SIZE ?? 10),
  applicationName: `bench-ceiling-${role}`,
}).initialize();
const queue = openNaiveQueue(redisUrl, prefix, `bench-ceiling-${role}`);

/** The parameters Atropos stores for `{processing_time: 0}` once the type's defaults are filled in. */
const PARAMETERS = JSON.stringify({ processing_time: 0, fail_attempts: 0 });
const RESULT = JSON.stringify({ message: null });

if (role === 'consumer') {
  const workerId = `${os.hostname()}:${process.pid}`;
  const concurrency = Number(env.CEILING_CONCURRENCY ?? 16);
  void queue.process(concurrency, async (job) => {
    const { taskId } = job.data;
    await db.query(
      `UPDATE tasks SET status = 'processing', attempts = attempts + 1, worker_id = $2, started_at = now(), updated_at = now()
        WHERE id = $1`,
      [taskId, workerId],
    );
    await db.query(
      `UPDATE tasks SET status = 'completed', progress = 100, result = $2::jsonb, completed_at = now(), updated_at = now()
        WHERE id = $1`,
      [taskId, RESULT],
    );
  });
  await queue.isReady();
  console.log(`ceiling consumer ready (concurrency ${concurrency})`);
} else if (role === 'producer') {
  await queue.isReady();
  console.log('ceiling producer ready');
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, tasks, clients] = line.trim().split(/\s+/);
    if (command !== 'run') continue;
    const started = performance.now();
    await produce(Number(tasks), Number(clients));
    console.log(`ceiling-produced ${JSON.stringify({ tasks: Number(tasks), ms: performance.now() - started })}`);
  }
} else {
  throw new Error('CEILING_ROLE must be producer or consumer');
}

process.on('SIGTERM', () => {
  void Promise.allSettled([queue.close(), db.destroy()]).then(() => process.exit(0));
});

/** `clients` loops, each creating tasks one after the other, as many clients of the API would. */
async function produce(tasks: number, clients: number): Promise<void> {
  let left = tasks;
  const client = async () => {
    while (left > 0) {
      left -= 1;
      const id = randomUUID();
      await db.query(
        `INSERT INTO tasks (id, task_type, parameters, priority, max_attempts, timeout_s) VALUES ($1, 'default', $2::jsonb, 5, 4, 7200)`,
        [id, PARAMETERS],
      );
      await queue.add({ taskId: id }, { jobId: id, removeOnComplete: true });
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
}

function required(name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}
