import { describe, expect, it, jest } from '@jest/globals';
import type { TaskEventPosition } from '@atropos/queue';
import type { TaskEvent } from '@atropos/tasks';
import type { DeliveredTaskEvent, TaskEventListener } from './task-event-fanout.js';
import { TaskEventFanout, deliveredTaskEvent } from './task-event-fanout.js';
import type { TaskEventSource } from './task-event-stream.js';
import { taskEventStream } from './task-event-stream.js';

const deletedIn = (tenant: string, taskId: string): TaskEvent => ({ type: 'task.deleted', task_id: taskId, tenant });
const TASK = '0b0e8a4e-6a43-4c47-9a39-3a3e3f0c8a10';
const at = (ms: number, index = 0): TaskEventPosition => ({ ms, seq: 0, index });
const eventAt = (ms: number, index = 0, tenant = 'acme', taskId = TASK) => deliveredTaskEvent(at(ms, index), deletedIn(tenant, taskId));

/** A source whose live events and replay the test drives by hand. */
function fakeSource(tail: TaskEventPosition | undefined) {
  const fanout = new TaskEventFanout();
  let finishReplay: (outcome: 'replayed' | 'missed' | Error) => void = () => undefined;
  let replayEmit: (event: DeliveredTaskEvent) => void = () => undefined;
  const source: TaskEventSource & { tail: TaskEventPosition | undefined } = {
    tail,
    listen: (listener: TaskEventListener) => fanout.listen({ tenant: null, taskId: undefined }, listener),
    tailPosition: () => source.tail,
    replay: (_after, emit) => {
      replayEmit = emit;
      return new Promise((resolve, reject) => {
        finishReplay = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
      });
    },
  };
  return {
    source,
    live: (event: DeliveredTaskEvent) => fanout.dispatch(event),
    replayed: (event: DeliveredTaskEvent) => replayEmit(event),
    finish: (outcome: 'replayed' | 'missed' | Error) => finishReplay(outcome),
    fanout,
  };
}

interface Frame {
  type: string | undefined;
  id: string | undefined;
  data: string | undefined;
}

/** The fields of one SSE frame. */
function parseFrame(frame: string): Frame {
  const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(frame)?.[1];
  return { type: field('event'), id: field('id'), data: field('data') };
}

function collect(source: TaskEventSource, resumeAfter?: TaskEventPosition, keepAliveMs = 60_000) {
  const received: Frame[] = [];
  const subscription = taskEventStream(source, resumeAfter, keepAliveMs, () => undefined).subscribe((frame) => {
    expect(frame.endsWith('\n\n')).toBe(true);
    received.push(parseFrame(frame));
  });
  return { received, ids: () => received.map((message) => message.id), subscription };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('taskEventStream', () => {
  it('passes live events on as they come, each with its id and data serialised once', () => {
    const { source, live, fanout } = fakeSource(at(1));
    const frames: string[] = [];
    const subscription = taskEventStream(source, undefined, 60_000, () => undefined).subscribe((frame) => frames.push(frame));
    const event = eventAt(2, 1);
    live(event);
    expect(frames).toEqual([`event: task.deleted\nid: 2-0-1\ndata: ${JSON.stringify(deletedIn('acme', TASK))}\n\n`]);
    expect(frames[0]).toBe(event.frame);
    subscription.unsubscribe();
    expect(fanout.size).toBe(0);
  });

  it('pings with the position everything has been handed on up to, so a reconnect resumes there', () => {
    jest.useFakeTimers();
    try {
      const { source } = fakeSource(at(5, 2));
      const { received, subscription } = collect(source, undefined, 1_000);
      jest.advanceTimersByTime(1_000);
      source.tail = at(9, 3);
      jest.advanceTimersByTime(1_000);
      expect(received).toEqual([
        { type: 'ping', id: '5-0-2', data: '{}' },
        { type: 'ping', id: '9-0-3', data: '{}' },
      ]);
      subscription.unsubscribe();
    } finally {
      jest.useRealTimers();
    }
  });

  it('replays, then hands on the live events held meanwhile that came after the replay, none twice', async () => {
    const { source, live, replayed, finish } = fakeSource(at(10));
    const { ids, subscription } = collect(source, at(7, 1));
    live(eventAt(11));
    replayed(eventAt(8));
    replayed(eventAt(10, 0));
    replayed(eventAt(11));
    live(eventAt(12));
    expect(ids()).toEqual(['8-0-0', '10-0-0', '11-0-0']);
    finish('replayed');
    await settle();
    live(eventAt(13));
    expect(ids()).toEqual(['8-0-0', '10-0-0', '11-0-0', '12-0-0', '13-0-0']);
    subscription.unsubscribe();
  });

  it('drops live events at or before the id it resumed after (another replica was ahead of this one)', async () => {
    const { source, live, finish } = fakeSource(at(3));
    const { ids, subscription } = collect(source, at(6, 2));
    finish('replayed');
    await settle();
    live(eventAt(5));
    live(eventAt(6, 2));
    live(eventAt(6, 3));
    expect(ids()).toEqual(['6-0-3']);
    subscription.unsubscribe();
  });

  it('sends one reset when the log no longer holds the events missed, or Redis cannot say, then live events', async () => {
    for (const outcome of ['missed', new Error('Redis is down')] as const) {
      const { source, live, finish } = fakeSource(at(40, 4));
      const { received, subscription } = collect(source, at(2));
      live(eventAt(41));
      finish(outcome);
      await settle();
      live(eventAt(42));
      expect(received.map((message) => [message.type, message.id])).toEqual([
        ['reset', '40-0-4'],
        ['task.deleted', '41-0-0'],
        ['task.deleted', '42-0-0'],
      ]);
      expect(JSON.parse(received[0]?.data ?? '')).toMatchObject({ type: 'reset' });
      subscription.unsubscribe();
    }
  });

  it('stops listening when the client goes away in the middle of a replay', async () => {
    const { source, live, finish, fanout } = fakeSource(at(1));
    const { received, subscription } = collect(source, at(1));
    subscription.unsubscribe();
    expect(fanout.size).toBe(0);
    finish('missed');
    await settle();
    live(eventAt(2));
    expect(received).toEqual([]);
  });
});

describe('TaskEventFanout', () => {
  it("hands each event to the listeners of its task, of its tenant and of every tenant only, and never another tenant's", () => {
    const fanout = new TaskEventFanout();
    const seen: Record<string, string[]> = { all: [], acme: [], globex: [], task: [], taskAsGlobex: [] };
    const record = (name: string) => (event: DeliveredTaskEvent) => seen[name]?.push(`${event.tenant}/${event.taskId}`);
    const stops = [
      fanout.listen({ tenant: null, taskId: undefined }, record('all')),
      fanout.listen({ tenant: 'acme', taskId: undefined }, record('acme')),
      fanout.listen({ tenant: 'globex', taskId: undefined }, record('globex')),
      fanout.listen({ tenant: 'acme', taskId: TASK }, record('task')),
      fanout.listen({ tenant: 'globex', taskId: TASK }, record('taskAsGlobex')),
    ];
    fanout.dispatch(eventAt(1, 0, 'acme', TASK));
    fanout.dispatch(eventAt(2, 0, 'acme', 'other'));
    fanout.dispatch(eventAt(3, 0, 'globex', 'foreign'));
    expect(seen).toEqual({
      all: [`acme/${TASK}`, 'acme/other', 'globex/foreign'],
      acme: [`acme/${TASK}`, 'acme/other'],
      globex: ['globex/foreign'],
      task: [`acme/${TASK}`],
      taskAsGlobex: [],
    });
    expect(fanout.size).toBe(5);
    for (const stop of stops) stop();
    stops[0]?.();
    expect(fanout.size).toBe(0);
    fanout.dispatch(eventAt(4));
    expect(seen['all']).toHaveLength(3);
  });
});
