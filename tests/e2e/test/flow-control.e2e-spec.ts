import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { flowScopeKeys, typeFlowScopeId } from '@atropos/queue';
import { waitFor } from '@atropos/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Task } from './platform.js';
import { Platform } from './platform.js';

/**
 * Flow control across the fleet: limits declared on command types (config/task-types.json),
 * enforced by several real worker processes sharing one Redis. Checked from the times PostgreSQL
 * recorded (started_at when an attempt was claimed, completed_at when its outcome was written),
 * and the rate limit from the starts the gate itself recorded in Redis.
 */
const TASK_TYPES = [
  {
    name: 'per_customer',
    description: 'Sleeps 0.2 s; one task per customer at a time.',
    parameters: { properties: { customer_id: { type: 'string', maxLength: 50 } }, required: ['customer_id'] },
    command: 'sleep',
    args: ['0.2'],
    limits: { key: 'customer ${parameters.customer_id}', key_concurrency: 1 },
  },
  {
    name: 'fair_job',
    description: 'Does nothing; the customers take turns.',
    parameters: { properties: { customer_id: { type: 'string', maxLength: 50 } }, required: ['customer_id'] },
    command: 'true',
    limits: { key: 'customer ${parameters.customer_id}' },
  },
  {
    name: 'unlimited',
    description: 'Sleeps 0.2 s; its type declares no limits, a task may bring its own key.',
    command: 'sleep',
    args: ['0.2'],
  },
  {
    name: 'slow',
    description: 'Sleeps 3 s; its type declares no limits, a task may bring its own key.',
    command: 'sleep',
    args: ['3'],
  },
  {
    name: 'rated',
    description: 'Does nothing, at most 10 starts per second across the fleet.',
    command: 'true',
    limits: { rate: { limit: 10, window_s: 1 } },
  },
];

type TaskRead = Task & { waiting_reason: string | null };

let platform: Platform;
let configDir: string;

beforeAll(async () => {
  configDir = mkdtempSync(path.join(os.tmpdir(), 'atropos-flow-'));
  writeFileSync(path.join(configDir, 'task-types.json'), JSON.stringify(TASK_TYPES));
  platform = await Platform.start({ CONFIG_DIR: configDir });
}, 90_000);

afterAll(async () => {
  await platform.stop();
});

const ms = (iso: string | null) => new Date(iso!).getTime();

function waitForReason(task: Task): Promise<string> {
  return waitFor(
    `task ${task.id} to say why it waits`,
    async () => (await platform.getJson<TaskRead>(`/tasks/${task.id}`)).body.waiting_reason ?? undefined,
  );
}

describe('flow control', () => {
  it('holds a key to its limit of 1 on 4 workers while another key starts at once, and says why a task waits', async () => {
    for (let i = 0; i < 4; i++) await platform.startWorker({ CONFIG_DIR: configDir, WORKER_CONCURRENCY: '4', WORKER_ID: `flow-${i}` });
    const busy = [];
    for (let i = 0; i < 20; i++) busy.push(await platform.createTask('per_customer', { customer_id: '42' }));
    const other = await platform.createTask('per_customer', { customer_id: '7' });

    // The last of customer 42's tasks waits behind the others, and its read says so.
    const last = busy[busy.length - 1]!;
    expect(await waitForReason(last)).toBe('waiting: customer 42 at its limit of 1');

    const ended = await Promise.all(busy.map((task) => platform.waitForStatus(task.id, ['completed'], 90_000)));
    const otherEnded = await platform.waitForStatus(other.id, ['completed'], 30_000);
    const runs = ended.map((task) => ({ start: ms(task.started_at), end: ms(task.completed_at) })).sort((a, b) => a.start - b.start);
    // Never two of customer 42 at once: each starts after the one before it ended.
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.start).toBeGreaterThanOrEqual(runs[i - 1]!.end);
    // Customer 7's task did not wait for customer 42's backlog: it started before the 42's fifth ended.
    expect(ms(otherEnded.started_at)).toBeLessThan(runs[4]!.end);
    expect(ended.every((task) => task.attempts === 1)).toBe(true);
    expect((await platform.getJson<TaskRead>(`/tasks/${last.id}`)).body.waiting_reason).toBeNull();
  }, 150_000);

  it("holds a task's own concurrency key to its limit on a type without limits, and shows the key", async () => {
    // The 4 workers of the test before.
    const own = { concurrency: { key: 'account 9', limit: 1 } };
    const busy = [];
    for (let i = 0; i < 8; i++) busy.push(await platform.createTask('unlimited', {}, own));
    const other = await platform.createTask('unlimited', {}, { concurrency: { key: 'account 3', limit: 1 } });
    expect(busy[0]).toMatchObject({ concurrency: { key: 'account 9', limit: 1 } });
    expect((await platform.getJson<Task>(`/tasks/${other.id}`)).body).toMatchObject({ concurrency: { key: 'account 3', limit: 1 } });

    const last = busy[busy.length - 1]!;
    expect(await waitForReason(last)).toBe('waiting: account 9 at its limit of 1');

    const ended = await Promise.all(busy.map((task) => platform.waitForStatus(task.id, ['completed'], 90_000)));
    const otherEnded = await platform.waitForStatus(other.id, ['completed'], 30_000);
    const runs = ended.map((task) => ({ start: ms(task.started_at), end: ms(task.completed_at) })).sort((a, b) => a.start - b.start);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.start).toBeGreaterThanOrEqual(runs[i - 1]!.end);
    expect(ms(otherEnded.started_at)).toBeLessThan(runs[3]!.end);

    // A limit needs a key; an empty key is no key.
    for (const concurrency of [{ limit: 1 }, { key: '', limit: 1 }, { key: 'account 9', limit: 0 }]) {
      const refused = await platform.request('POST', '/tasks', { task_type: 'unlimited', concurrency });
      expect(refused.status).toBe(400);
    }
  }, 150_000);

  it('hands the slot of a task that ends to the next waiting one, past one cancelled while it waited', async () => {
    // The 4 workers of the tests before. Without the hand-on, the slot would go to the cancelled
    // task and the third would start only when its wait is rechecked, 10 s after it parked.
    const own = { concurrency: { key: 'account 5', limit: 1 } };
    const first = await platform.createTask('slow', {}, own);
    await platform.waitForStatus(first.id, ['processing']);
    // Created one after the other once each waits, so the cancelled one is parked first.
    const cancelled = await platform.createTask('slow', {}, own);
    await waitForReason(cancelled);
    const third = await platform.createTask('slow', {}, own);
    await waitForReason(third);
    expect((await platform.request('POST', `/tasks/${cancelled.id}/cancel`)).status).toBeLessThan(300);

    const firstEnded = await platform.waitForStatus(first.id, ['completed'], 30_000);
    const thirdEnded = await platform.waitForStatus(third.id, ['completed'], 30_000);
    expect(ms(thirdEnded.started_at)).toBeGreaterThanOrEqual(ms(firstEnded.completed_at));
    expect(ms(thirdEnded.started_at) - ms(firstEnded.completed_at)).toBeLessThan(5_000);
    expect((await platform.getJson<Task>(`/tasks/${cancelled.id}`)).body.status).toBe('cancelled');
  }, 90_000);

  it('holds a rate limit of 10 per second across 3 workers', async () => {
    for (const worker of platform.workers.splice(0)) await worker.stop();
    for (let i = 0; i < 3; i++) await platform.startWorker({ CONFIG_DIR: configDir, WORKER_CONCURRENCY: '4', WORKER_ID: `rate-${i}` });
    // The gate's own record of the starts (Redis time, ms): each stays in the type's window set at
    // least the window (the last ones until the set expires), so reading it every 100 ms until all
    // 35 are in sees each. Checked on these, not on started_at, which PostgreSQL writes a little
    // after the slot was taken, later on a loaded machine.
    const rateKey = flowScopeKeys(platform.queue.prefix, typeFlowScopeId('rated')).rate;
    const slots = new Map<string, number>();
    const recorded = waitFor(
      'the gate to record 35 starts',
      async () => {
        const entries = await platform.queue.redis.zrange(rateKey, 0, -1, 'WITHSCORES');
        for (let at = 0; at + 1 < entries.length; at += 2) slots.set(entries[at]!, Number(entries[at + 1]));
        return slots.size >= 35;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    // Awaited below, after the tasks; a timeout meanwhile is not an unhandled rejection.
    recorded.catch(() => undefined);
    const created = await Promise.all(Array.from({ length: 35 }, () => platform.createTask('rated')));
    const ended = await Promise.all(created.map((task) => platform.waitForStatus(task.id, ['completed'], 60_000)));
    await recorded;
    // One start per task (members are `<time>:<task id>`), each one recorded.
    expect(new Set([...slots.keys()].map((member) => member.slice(member.indexOf(':') + 1)))).toEqual(
      new Set(created.map((task) => task.id)),
    );
    expect(slots.size).toBe(35);
    const starts = [...slots.values()].sort((a, b) => a - b);
    // Any 11 starts in a row span at least the window.
    const spans = starts.slice(10).map((start, i) => start - starts[i]!);
    expect(Math.min(...spans)).toBeGreaterThanOrEqual(1_000);
    // And all of them spanned at least three windows: 35 starts at 10 per second.
    expect(starts[starts.length - 1]! - starts[0]!).toBeGreaterThanOrEqual(3_000);
    expect(new Set(ended.map((task) => task.worker_id)).size).toBeGreaterThan(1);
  }, 120_000);

  it('lets keys take turns: 10 tasks of key B queued after 1,000 of key A finish before the 100th of A', async () => {
    for (const worker of platform.workers.splice(0)) await worker.stop();
    // Paused while they are queued, so that all of them wait when the worker starts taking them.
    expect((await platform.request('POST', '/queues/default/pause')).status).toBe(200);
    const batch = async (customer: string, count: number) => {
      const tasks = Array.from({ length: count }, () => ({ task_type: 'fair_job', parameters: { customer_id: customer } }));
      const { status, body } = await platform.request<{ data: Task[] }>('POST', '/tasks/batch', { tasks });
      expect(status).toBe(201);
      return body.data;
    };
    const a = await batch('A', 1_000);
    const b = await batch('B', 10);
    await platform.startWorker({ CONFIG_DIR: configDir, WORKER_CONCURRENCY: '2', WORKER_ID: 'fair-0' });
    expect((await platform.request('POST', '/queues/default/resume')).status).toBe(200);

    const bEnded = await Promise.all(b.map((task) => platform.waitForStatus(task.id, ['completed'], 120_000)));
    const lastB = Math.max(...bEnded.map((task) => ms(task.completed_at)));
    // A's 100th to finish: B's ten must all be done before it.
    const aEnded = await waitFor(
      '100 of key A to finish',
      async () => {
        const rows = await platform.db.query<{ completed_at: Date }>(
          `SELECT completed_at FROM tasks WHERE task_type = 'fair_job' AND parameters->>'customer_id' = 'A' AND status = 'completed'
            ORDER BY completed_at LIMIT 100`,
        );
        return rows.length === 100 ? rows : undefined;
      },
      { timeoutMs: 120_000 },
    );
    expect(lastB).toBeLessThan(aEnded[99]!.completed_at.getTime());
    expect(a).toHaveLength(1_000);
  }, 300_000);
});
