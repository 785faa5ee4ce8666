import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRedisClient, taskEventsLogKey } from '@atropos/queue';
import type { RunningApi } from '@atropos/testing';
import { startApi, waitFor } from '@atropos/testing';
import type { Redis } from 'ioredis';
import type { ReceivedEvent } from './event-stream.js';
import { readEventStream } from './event-stream.js';
import type { ApiError, Task } from './platform.js';
import { Platform } from './platform.js';

/**
 * GET /tasks/events resumes: every event has an id from the task events log, and a client that
 * reconnects with Last-Event-ID (or last_event_id) is replayed exactly what it missed, within its
 * tenant and filter, then continues live; past what the log holds it gets a `reset` event. The
 * replica a client was on replays from the events it holds in memory; another one (here a second
 * API, which had no client when they happened) reads them from the log in Redis.
 */

const ADMIN_KEY = 'admin-key-of-the-resume-test';
const ACME_KEY = 'acme-writer-key-of-the-resume-test';
const GLOBEX_KEY = 'globex-writer-key-of-the-resume-test';

type Received = ReceivedEvent<{
  type?: string;
  task?: { id: string; status: string; tenant: string };
  task_id?: string;
  tenant?: string;
  message?: string;
}>;

const listen = (url: string, headers: Record<string, string>) => readEventStream<Received['data']>(url, headers);

const changes = (events: Received[]) => events.filter((e) => e.event === 'task.updated' || e.event === 'task.deleted');
const taskOf = (e: Received) => e.data.task?.id ?? e.data.task_id;
const tenantOf = (e: Received) => e.data.task?.tenant ?? e.data.tenant;
/** Ids compare as the tuple of their three numbers. */
const idKey = (id: string) =>
  id
    .split('-')
    .map((part) => part.padStart(16, '0'))
    .join('-');
const after = (id: string) => (e: Received) => idKey(e.id!) > idKey(id);

let platform: Platform;
let otherReplica: RunningApi;
let redis: Redis;
/** Open all along, under the admin key: every event of every tenant, the reference of what happened. */
let reference: ReturnType<typeof listen>;

async function createTask(key: string): Promise<Task> {
  const { status, body } = await platform.request<Task>(
    'POST',
    '/tasks',
    { task_type: 'default', parameters: { processing_time: 0 } },
    { 'x-api-key': key },
  );
  expect(status).toBe(201);
  return body;
}

/** Waits until the reference stream has seen each task completed. */
async function completed(...tasks: Task[]): Promise<void> {
  await waitFor('the tasks completed', () =>
    tasks.every((task) => reference.events.some((e) => taskOf(e) === task.id && e.data.task?.status === 'completed')),
  );
}

beforeAll(async () => {
  platform = await Platform.start({ API_KEYS: `admin:${ADMIN_KEY},write@acme:${ACME_KEY},write@globex:${GLOBEX_KEY}` });
  await platform.startWorker();
  otherReplica = await startApi(platform.workerEnv);
  redis = createRedisClient(platform.queue.redisUrl);
  reference = listen(`${platform.api.baseUrl}/tasks/events`, { 'x-api-key': ADMIN_KEY });
  await reference.opened;
});

afterAll(async () => {
  reference?.close();
  redis?.disconnect();
  await otherReplica?.process.stop();
  await platform?.stop();
});

describe('GET /tasks/events with Last-Event-ID', () => {
  it("replays exactly the events of the client's tenant it missed, then goes on live, none twice", async () => {
    const first = listen(`${platform.api.baseUrl}/tasks/events`, { 'x-api-key': ACME_KEY });
    await first.opened;
    const before = await createTask(ACME_KEY);
    await completed(before);
    await waitFor('the first stream to have the completion', () =>
      first.events.some((e) => taskOf(e) === before.id && e.data.task?.status === 'completed'),
    );
    first.close();
    const received = changes(first.events);
    expect(received.every((e) => /^\d+-\d+-\d+$/.test(e.id ?? ''))).toBe(true);
    expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
    const lastId = received.at(-1)!.id!;

    // While it is away: a task of its tenant, one of another tenant.
    const missed = await createTask(ACME_KEY);
    const foreign = await createTask(GLOBEX_KEY);
    await completed(missed, foreign);

    const resumed = listen(`${platform.api.baseUrl}/tasks/events`, { 'x-api-key': ACME_KEY, 'Last-Event-ID': lastId });
    // On the other replica, from the log in Redis.
    const oneTask = listen(`${otherReplica.baseUrl}/tasks/events?task_id=${missed.id}&last_event_id=${lastId}`, { 'x-api-key': ACME_KEY });
    await Promise.all([resumed.opened, oneTask.opened]);
    const expected = changes(reference.events).filter((e) => tenantOf(e) === 'acme' && after(lastId)(e));
    await waitFor('the replay', () => changes(resumed.events).length >= expected.length);

    // Then live: a task created now arrives after the replay.
    const live = await createTask(ACME_KEY);
    await completed(live);
    await waitFor('the live completion', () => resumed.events.some((e) => taskOf(e) === live.id && e.data.task?.status === 'completed'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    resumed.close();
    oneTask.close();

    const all = changes(reference.events).filter((e) => tenantOf(e) === 'acme' && after(lastId)(e));
    expect(changes(resumed.events).map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(changes(resumed.events).map((e) => e.data)).toEqual(all.map((e) => e.data));
    expect(all.some((e) => taskOf(e) === missed.id && e.data.task?.status === 'completed')).toBe(true);
    expect(changes(resumed.events).some((e) => tenantOf(e) !== 'acme')).toBe(false);
    // The reference did see the other tenant's task: the filter, not chance, kept it out.
    expect(changes(reference.events).some((e) => taskOf(e) === foreign.id)).toBe(true);

    expect(changes(oneTask.events).map((e) => e.id)).toEqual(all.filter((e) => taskOf(e) === missed.id).map((e) => e.id));
  });

  it('sends one `reset` event when the log no longer holds what came after the id, then live events', async () => {
    const old = await createTask(ACME_KEY);
    await completed(old);
    const oldId = changes(reference.events).find((e) => taskOf(e) === old.id)!.id!;
    // As TASK_EVENTS_LOG_LENGTH does to an old entry, at once.
    await createTask(GLOBEX_KEY).then(completed);
    await redis.xtrim(taskEventsLogKey(platform.queue.prefix), 'MAXLEN', 1);

    // The other replica: the first one still holds these events in memory, and would replay them.
    const stream = listen(`${otherReplica.baseUrl}/tasks/events`, { 'x-api-key': ACME_KEY, 'Last-Event-ID': oldId });
    await stream.opened;
    await waitFor('the reset event', () => stream.events.length > 0);
    const live = await createTask(ACME_KEY);
    await waitFor('the live completion', () => stream.events.some((e) => taskOf(e) === live.id && e.data.task?.status === 'completed'));
    stream.close();

    const [reset, ...rest] = stream.events;
    expect(reset?.event).toBe('reset');
    expect(reset?.data).toEqual({ type: 'reset', message: expect.stringContaining('read the tasks again') });
    expect(reset?.id).toMatch(/^\d+-\d+-\d+$/);
    expect(rest.every((e) => taskOf(e) === live.id)).toBe(true);
    expect(rest.every(after(reset!.id!))).toBe(true);
  });

  it('answers 400 for an id that is not one of the stream, in the header or the query', async () => {
    for (const [path, headers, field] of [
      ['/tasks/events', { 'Last-Event-ID': 'nope' }, 'Last-Event-ID'],
      ['/tasks/events', { 'Last-Event-ID': '1-2' }, 'Last-Event-ID'],
      ['/tasks/events?last_event_id=1-2-x', {}, 'last_event_id'],
    ] as const) {
      const response = await platform.request<ApiError>('GET', path, undefined, { 'x-api-key': ACME_KEY, ...headers });
      expect(response.status).toBe(400);
      expect(response.body.details?.[0]?.field).toBe(field);
    }
  });

  it('answers a HEAD request with the headers and ends it', async () => {
    const response = await fetch(`${platform.api.baseUrl}/tasks/events`, {
      method: 'HEAD',
      headers: { 'x-api-key': ACME_KEY },
      signal: AbortSignal.timeout(5_000),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
  });
});
