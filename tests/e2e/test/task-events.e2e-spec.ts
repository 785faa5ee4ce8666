import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningApi } from '@atropos/testing';
import { startApi, waitFor } from '@atropos/testing';
import type { ReceivedEvent } from './event-stream.js';
import { readEventStream } from './event-stream.js';
import type { ApiError } from './platform.js';
import { Platform } from './platform.js';

/** GET /tasks/events: Server-Sent Events of task changes, fed through Redis to every API replica. */

/** `task.updated` carries the task, `task.deleted` only its id. */
type Received = ReceivedEvent<{ type: string; task?: { id: string; status: string; progress: number }; task_id?: string }>;

const listen = (url: string) => readEventStream<Received['data']>(url);

let platform: Platform;
let secondApi: RunningApi;

beforeAll(async () => {
  platform = await Platform.start();
  await platform.startWorker();
  secondApi = await startApi({
    DATABASE_URL: platform.db.url,
    REDIS_URL: platform.queue.redisUrl,
    QUEUE_PREFIX: platform.queue.prefix,
  });
});

afterAll(async () => {
  await secondApi?.process.stop();
  await platform?.stop();
});

describe('GET /tasks/events', () => {
  it("streams a task's changes from creation to completion, through any API replica", async () => {
    const all = listen(`${platform.api.baseUrl}/tasks/events`);
    const viaOtherReplica = listen(`${secondApi.baseUrl}/tasks/events`);
    await Promise.all([all.opened, viaOtherReplica.opened]);

    const created = await platform.createTask('data_processing', { processing_time: 1, record_count: 50_000 });
    const ofTask = (events: Received[]) => events.filter((e) => e.data.task?.id === created.id);
    await waitFor('the completed event on both replicas', () =>
      [all, viaOtherReplica].every((stream) => ofTask(stream.events).some((e) => e.data.task?.status === 'completed')),
    );
    all.close();
    viaOtherReplica.close();

    const statuses = ofTask(all.events).map((e) => e.data.task?.status);
    expect(statuses[0]).toBe('pending');
    expect(statuses).toContain('processing');
    expect(statuses.at(-1)).toBe('completed');
    const progress = ofTask(all.events).map((e) => e.data.task?.progress ?? 0);
    expect(progress.some((percent) => percent > 0 && percent < 100)).toBe(true);
    expect(all.events.every((e) => e.event === e.data.type)).toBe(true);
    expect(ofTask(viaOtherReplica.events).map((e) => e.data.task?.status)).toEqual(expect.arrayContaining(['processing', 'completed']));
  });

  it('filters to one task, and tells of cancels and deletes', async () => {
    const other = await platform.createTask('default', { processing_time: 30 });
    const watched = await platform.createTask('default', { processing_time: 30 });
    const stream = listen(`${platform.api.baseUrl}/tasks/events?task_id=${watched.id}`);
    await stream.opened;
    await platform.waitForStatus(watched.id, ['processing']);
    await platform.request('POST', `/tasks/${other.id}/cancel`);
    await platform.request('POST', `/tasks/${watched.id}/cancel`);
    await platform.request('DELETE', `/tasks/${watched.id}`);
    await waitFor('the delete event', () => stream.events.some((e) => e.event === 'task.deleted'));
    stream.close();

    for (const e of stream.events) expect(e.data.task?.id ?? e.data.task_id).toBe(watched.id);
    expect(stream.events.map((e) => e.data.task?.status ?? 'deleted')).toEqual(expect.arrayContaining(['cancelled', 'deleted']));
  });

  it('answers 400 for a malformed task_id', async () => {
    const response = await platform.request<ApiError>('GET', '/tasks/events?task_id=nope');
    expect(response.status).toBe(400);
    expect(response.body.details?.[0]?.field).toBe('task_id');
  });
});
