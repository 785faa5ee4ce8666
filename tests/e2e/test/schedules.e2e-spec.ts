import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningApi } from '@atropos/testing';
import { AppProcess, createTestDatabase, createTestQueue, freePort, startApi, waitFor } from '@atropos/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiError } from './platform.js';
import { Platform } from './platform.js';

/** Each replica looks for due slots five times a second, so a slot every second is fired promptly. */
const SCHEDULER = { SCHEDULER_INTERVAL_MS: '200' };

interface Fire {
  slot_at: Date;
  trigger: string;
  outcome: string;
  task_id: string | null;
}

/** A schedule as the API shows it: the parts these tests read. */
interface Schedule {
  id: string;
  enabled: boolean;
  next_runs: string[];
  history: Array<{ trigger: string; outcome: string; detail: string | null }>;
  last_fire: unknown;
}

async function call(baseUrl: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: Schedule }> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // An empty answer (204) has no body: read only after checking the status.
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Schedule };
}

describe('schedules across API replicas', () => {
  it('fires a schedule every second exactly once per slot with two replicas, one restarted mid-way', async () => {
    const db = await createTestDatabase();
    const queue = createTestQueue();
    const env = { DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix, ...SCHEDULER };
    const replicas: RunningApi[] = [await startApi(env), await startApi(env)];
    try {
      const created = await call(replicas[0]!.baseUrl, 'POST', '/schedules', {
        name: 'every-second',
        cron: '* * * * * *',
        task_type: 'default',
        parameters: { processing_time: 0 },
        overlap: 'allow',
      });
      expect(created.status).toBe(201);
      const id = created.body.id;
      const fires = () =>
        db.query<Fire>(`SELECT slot_at, trigger, outcome, task_id FROM schedule_fires WHERE schedule_id = $1 ORDER BY slot_at`, [id]);

      await waitFor('3 slots fired', async () => (await fires()).length >= 3, { timeoutMs: 20_000 });
      await replicas[1]!.process.stop();
      replicas[1] = await startApi(env);
      const afterRestart = (await fires()).length;
      await waitFor('6 more slots fired after the restart', async () => (await fires()).length >= afterRestart + 6, { timeoutMs: 30_000 });
      expect((await call(replicas[1].baseUrl, 'POST', `/schedules/${id}/pause`)).status).toBe(200);
      // A tick that took the row before the pause may still commit; then nothing more fires.
      await new Promise((resolve) => setTimeout(resolve, 1_000));

      const fired = await fires();
      const tasks = await db.query<{ id: string; created_at: Date }>(`SELECT id, created_at FROM tasks ORDER BY created_at`);
      // Every slot from the first to the last fired once: consecutive seconds, no gap, no repeat.
      const seconds = fired.map((fire) => fire.slot_at.getTime() / 1000);
      expect(seconds.length).toBeGreaterThanOrEqual(9);
      expect(seconds).toEqual(seconds.map((_, index) => seconds[0]! + index));
      expect(fired.every((fire) => fire.trigger === 'cron' && fire.outcome === 'created')).toBe(true);
      // One task per slot, and no task that no slot accounts for.
      expect(new Set(fired.map((fire) => fire.task_id)).size).toBe(fired.length);
      expect(tasks.map((task) => task.id).sort()).toEqual(fired.map((fire) => fire.task_id).sort());

      const detail = await call(replicas[0]!.baseUrl, 'GET', `/schedules/${id}`);
      expect(detail.body.enabled).toBe(false);
      expect(detail.body.next_runs).toEqual([]);
      expect(detail.body.history).toHaveLength(fired.length);
      expect(detail.body.history[0]).toMatchObject({ trigger: 'cron', outcome: 'created', task_status: 'pending' });
    } finally {
      await Promise.all(replicas.map((replica) => replica.process.stop()));
      await queue.cleanUp();
      await db.drop();
    }
  }, 90_000);
});

describe('schedules on one API', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await Platform.start(SCHEDULER);
  }, 30_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('never starts a task of a skip schedule while its previous one is unfinished', async () => {
    await platform.startWorker();
    const created = await platform.request<Schedule>('POST', '/schedules', {
      name: 'slow-every-second',
      cron: '* * * * * *',
      task_type: 'default',
      parameters: { processing_time: 2.2 },
      overlap: 'skip',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const fires = () => platform.db.query<Fire>(`SELECT slot_at, outcome, task_id FROM schedule_fires WHERE schedule_id = $1`, [id]);
    await waitFor('3 tasks created by the schedule', async () => (await fires()).filter((fire) => fire.outcome === 'created').length >= 3, {
      timeoutMs: 30_000,
    });
    await platform.request('POST', `/schedules/${id}/pause`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const taskIds = (await fires()).flatMap((fire) => (fire.task_id ? [fire.task_id] : []));
    const tasks = await Promise.all(taskIds.map((taskId) => platform.waitForStatus(taskId, ['completed'], 20_000)));
    tasks.sort((a, b) => Date.parse(a.started_at!) - Date.parse(b.started_at!));
    const rows = await platform.db.query<{ id: string; created_at: Date; completed_at: Date }>(
      `SELECT id, created_at, completed_at FROM tasks WHERE id = ANY($1::uuid[]) ORDER BY created_at`,
      [taskIds],
    );
    // Each task was created only after the one before it had completed: never two at once.
    for (let index = 1; index < rows.length; index += 1) {
      expect(rows[index]!.created_at.getTime()).toBeGreaterThanOrEqual(rows[index - 1]!.completed_at.getTime());
    }
    const skipped = (await fires()).filter((fire) => fire.outcome === 'skipped');
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    const detail = await platform.getJson<Schedule>(`/schedules/${id}`);
    expect(detail.body.history.find((fire) => fire.outcome === 'skipped')?.detail).toMatch(
      /^task [0-9a-f-]{36} of this schedule is still (pending|processing|retrying) \(overlap: skip\)$/,
    );
  }, 60_000);

  it('answers 400 naming the field: bad cron, unknown zone, unknown type, parameters the type refuses, bad policy', async () => {
    const base = { name: 'bad', cron: '0 3 * * *', task_type: 'default' };
    const problems = async (body: unknown) => {
      const response = await platform.request<ApiError>('POST', '/schedules', body);
      expect(response.status).toBe(400);
      return (response.body.details ?? []).map(({ field, message }) => `${field}: ${message}`);
    };
    expect(await problems({ ...base, cron: '61 * * * *' })).toEqual([
      expect.stringMatching(/^cron: is not a valid cron expression.*minute/),
    ]);
    expect(await problems({ ...base, timezone: 'Mars/Olympus_Mons' })).toEqual([
      expect.stringMatching(/^timezone: is not a known IANA time zone/),
    ]);
    expect(await problems({ ...base, task_type: 'defualt' })).toEqual([expect.stringMatching(/^task_type: unknown task type "defualt"/)]);
    expect(await problems({ ...base, parameters: { processing_time: 'soon' } })).toEqual([
      expect.stringMatching(/^parameters\.processing_time: /),
    ]);
    expect(await problems({ ...base, overlap: 'sometimes', catch_up: 'maybe' })).toEqual([
      expect.stringMatching(/^overlap: /),
      expect.stringMatching(/^catch_up: /),
    ]);
    expect(await problems({ cron: '* * * * *', task_type: 'default' })).toEqual([expect.stringMatching(/^name: /)]);
    expect((await platform.db.query(`SELECT 1 FROM schedules WHERE name = 'bad'`)).length).toBe(0);
  });

  it('creates, reads, changes, pauses, resumes, triggers and deletes a schedule', async () => {
    const created = await platform.request<Schedule>('POST', '/schedules', {
      name: 'nightly',
      cron: '30 2 * * *',
      timezone: 'Europe/Berlin',
      task_type: 'default',
      parameters: { message: 'hello', processing_time: 0 },
      priority: 3,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'nightly',
      overlap: 'skip',
      catch_up: 'none',
      enabled: true,
      source: 'api',
      last_fire: null,
    });
    expect(created.body.next_runs).toHaveLength(5);
    // 02:30 in Berlin is 00:30 or 01:30 UTC, by the season.
    for (const run of created.body.next_runs) expect(run).toMatch(/T0[01]:30:00\.000Z$/);
    const id = created.body.id;

    expect((await platform.request('POST', '/schedules', { name: 'nightly', cron: '* * * * *', task_type: 'default' })).status).toBe(409);

    const patched = await platform.request<Schedule>('PATCH', `/schedules/${id}`, { cron: '0 4 * * 1', timezone: 'UTC' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ cron: '0 4 * * 1', timezone: 'UTC', priority: 3 });
    for (const run of patched.body.next_runs) expect(new Date(run).getUTCDay()).toBe(1);
    expect((await platform.request('PATCH', `/schedules/${id}`, { cron: 'often' })).status).toBe(400);

    const paused = await platform.request('POST', `/schedules/${id}/pause`);
    expect(paused.body).toMatchObject({ enabled: false, next_runs: [] });
    const triggered = await platform.request<{ fire: unknown; task_id: string }>('POST', `/schedules/${id}/trigger`);
    expect(triggered.status).toBe(201);
    expect(triggered.body.fire).toMatchObject({ trigger: 'manual', outcome: 'created' });
    const task = await platform.getTask(triggered.body.task_id);
    expect(task).toMatchObject({ task_type: 'default', priority: 3, parameters: { message: 'hello', processing_time: 0 } });
    await platform.waitForStatus(task.id, ['completed']);
    const resumed = await platform.request<Schedule>('POST', `/schedules/${id}/resume`);
    expect(resumed.body.enabled).toBe(true);
    expect(resumed.body.next_runs).toHaveLength(5);

    const listed = await platform.getJson<Schedule[]>('/schedules');
    expect(listed.body.find((schedule) => schedule.id === id)?.last_fire).toMatchObject({ trigger: 'manual', task_status: 'completed' });

    expect((await platform.request('DELETE', `/schedules/${id}`)).status).toBe(204);
    expect((await platform.getJson(`/schedules/${id}`)).status).toBe(404);
    expect(await platform.getTask(task.id)).toMatchObject({ status: 'completed' });
  }, 30_000);
});

describe('schedules declared in config/schedules.json', () => {
  it('are applied at start, listed as config, paused through the API but changed only in the file', async () => {
    const configDir = mkdtempSync(path.join(tmpdir(), 'atropos-schedules-'));
    const declare = (cron: string) =>
      writeFileSync(
        path.join(configDir, 'schedules.json'),
        JSON.stringify({ schedules: [{ name: 'declared', cron, task_type: 'default', parameters: { processing_time: 0 } }] }),
      );
    declare('0 0 1 1 *');
    const db = await createTestDatabase();
    const queue = createTestQueue();
    const env = { DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix, CONFIG_DIR: configDir };
    let api = await startApi(env);
    try {
      const [schedule] = (await call(api.baseUrl, 'GET', '/schedules')).body as unknown as Array<{
        id: string;
        source: string;
        cron: string;
      }>;
      expect(schedule).toMatchObject({ source: 'config', cron: '0 0 1 1 *' });
      expect((await call(api.baseUrl, 'PATCH', `/schedules/${schedule!.id}`, { cron: '* * * * *' })).status).toBe(409);
      expect((await call(api.baseUrl, 'DELETE', `/schedules/${schedule!.id}`)).status).toBe(409);
      expect((await call(api.baseUrl, 'POST', `/schedules/${schedule!.id}/pause`)).body.enabled).toBe(false);

      // Restarted with the same file, the pause holds; with a changed declaration, the file rules.
      await api.process.stop();
      api = await startApi(env);
      expect((await call(api.baseUrl, 'GET', `/schedules/${schedule!.id}`)).body.enabled).toBe(false);
      await api.process.stop();
      declare('0 0 2 1 *');
      api = await startApi(env);
      expect((await call(api.baseUrl, 'GET', `/schedules/${schedule!.id}`)).body).toMatchObject({ enabled: true, cron: '0 0 2 1 *' });

      await api.process.stop();
      writeFileSync(
        path.join(configDir, 'schedules.json'),
        JSON.stringify({ schedules: [{ name: 'broken', cron: '99 * * * *', task_type: 'default' }] }),
      );
      const refused = AppProcess.spawn('api', { ...env, PORT: String(await freePort()) });
      const exit = await refused.exited;
      expect(exit.code).not.toBe(0);
      expect(refused.log).toMatch(/Invalid schedules in .*schedules\.json:\n {2}- schedule "broken", cron: is not a valid cron expression/);
    } finally {
      await api.process.stop();
      await queue.cleanUp();
      await db.drop();
    }
  }, 60_000);
});
