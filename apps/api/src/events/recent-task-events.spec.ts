import { describe, expect, it } from '@jest/globals';
import type { TaskEventPosition } from '@atropos/queue';
import { deliveredTaskEvent } from './task-event-fanout.js';
import { RecentTaskEvents } from './recent-task-events.js';

const at = (ms: number, index = 0): TaskEventPosition => ({ ms, seq: 0, index });
const event = (ms: number, index = 0) =>
  deliveredTaskEvent(at(ms, index), { type: 'task.deleted', task_id: '0b0e8a4e-6a43-4c47-9a39-3a3e3f0c8a10', tenant: 'acme' });
const positions = (events: ReturnType<typeof event>[] | undefined) => events?.map((e) => `${e.position.ms}-${e.position.index}`);

describe('RecentTaskEvents', () => {
  it('gives every event after a position it covers, and nothing for one it does not', () => {
    const recent = new RecentTaskEvents(100);
    expect(recent.after(at(1))).toBeUndefined();
    recent.add(at(1, 3), [event(2, 0), event(2, 1)], at(2, 1));
    recent.add(at(2, 1), [event(3, 0)], at(3, 0));
    expect(positions(recent.after(at(1, 3)))).toEqual(['2-0', '2-1', '3-0']);
    expect(positions(recent.after(at(2, 0)))).toEqual(['2-1', '3-0']);
    expect(positions(recent.after(at(3, 0)))).toEqual([]);
    // Before what it holds, or past its end (another replica's tail was ahead): ask the log.
    expect(recent.after(at(1, 2))).toBeUndefined();
    expect(recent.after(at(4))).toBeUndefined();
  });

  it('starts again rather than hold a gap, and after the tail read past entries unread', () => {
    const recent = new RecentTaskEvents(100);
    recent.add(at(1), [event(2)], at(2));
    recent.add(at(5), [event(6)], at(6));
    expect(recent.after(at(1))).toBeUndefined();
    expect(positions(recent.after(at(5)))).toEqual(['6-0']);
    recent.forget();
    expect(recent.after(at(5))).toBeUndefined();
  });

  it('keeps about its capacity, the newest, and says what it no longer holds', () => {
    const recent = new RecentTaskEvents(4);
    for (let ms = 1; ms <= 10; ms++) recent.add(at(ms - 1), [event(ms)], at(ms));
    // Trimmed back to 4 whenever it passes 5: it holds 7 to 10, everything after 6.
    expect(positions(recent.after(at(6)))).toEqual(['7-0', '8-0', '9-0', '10-0']);
    expect(recent.after(at(5))).toBeUndefined();
  });
});
