import { describe, expect, it } from '@jest/globals';
import type { TaskEventPosition, TaskEventsLogBounds } from './task-event-position.js';
import {
  START_OF_LOG,
  compareTaskEventPositions,
  formatTaskEventId,
  missedEventsAfter,
  parseTaskEventId,
  positionInEntry,
} from './task-event-position.js';

const at = (ms: number, seq = 0, index = 0): TaskEventPosition => ({ ms, seq, index });

describe('task event ids', () => {
  it('round-trip through their text', () => {
    const position = positionInEntry('1764573413000-12', 7);
    expect(formatTaskEventId(position)).toBe('1764573413000-12-7');
    expect(parseTaskEventId('1764573413000-12-7')).toEqual(position);
  });

  it('are refused when they are not <ms>-<seq>-<index>', () => {
    for (const id of ['', '1', '1-2', '1-2-3-4', 'a-b-c', '1-2-x', '-1-2-3', '1.5-2-3', ' 1-2-3', '1234567890123456-0-0', '1-0-1234567'])
      expect(parseTaskEventId(id)).toBeNull();
  });

  it('order by entry, then by index within the entry', () => {
    const ordered = [at(1, 0, 5), at(1, 1, 0), at(1, 1, 2), at(2, 0, 0), at(10, 0, 0)];
    const shuffled = [ordered[3], ordered[0], ordered[4], ordered[2], ordered[1]] as TaskEventPosition[];
    expect(shuffled.sort(compareTaskEventPositions)).toEqual(ordered);
    expect(compareTaskEventPositions(at(3, 1, 4), at(3, 1, 4))).toBe(0);
  });
});

describe('missedEventsAfter', () => {
  const bounds = (over: Partial<TaskEventsLogBounds>): TaskEventsLogBounds => ({
    lastEntry: at(100, 0, 4),
    firstEntry: at(10),
    trimmedAny: true,
    ...over,
  });

  it('is false while the log still holds an entry at or before the client’s', () => {
    expect(missedEventsAfter(at(50, 0, 3), bounds({}))).toBe(false);
    expect(missedEventsAfter(at(10, 0, 3), bounds({}))).toBe(false);
    expect(missedEventsAfter(at(100, 0, 4), bounds({}))).toBe(false);
  });

  it('is true once the client’s entry was trimmed away', () => {
    expect(missedEventsAfter(at(9, 5, 0), bounds({}))).toBe(true);
    expect(missedEventsAfter(at(5), bounds({ firstEntry: undefined }))).toBe(true);
  });

  it('from the start of the log, is true once anything was trimmed', () => {
    expect(missedEventsAfter(START_OF_LOG, bounds({ trimmedAny: false }))).toBe(false);
    expect(missedEventsAfter(START_OF_LOG, bounds({}))).toBe(true);
    expect(missedEventsAfter(START_OF_LOG, bounds({ firstEntry: undefined, trimmedAny: false }))).toBe(false);
  });

  it('is true for an id past the newest entry, or when there is no log at all (Redis lost it)', () => {
    expect(missedEventsAfter(at(101), bounds({}))).toBe(true);
    expect(missedEventsAfter(at(50), null)).toBe(true);
    expect(missedEventsAfter(START_OF_LOG, null)).toBe(false);
  });
});
