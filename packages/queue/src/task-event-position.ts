/**
 * Where a task event sits in the task events log (a Redis stream, see task-events.ts): the stream
 * entry holding its write group, and its index in that entry's array. Written as the SSE `id` of
 * the event, `<ms>-<seq>-<index>` (the entry id `<ms>-<seq>`, then the index), so ids are unique
 * and their order is the order events were written: what a client sends back as `Last-Event-ID`
 * says exactly where it stopped.
 */
export interface TaskEventPosition {
  /** The entry id's milliseconds: Redis' clock when the group was written. */
  ms: number;
  /** The entry id's sequence number within that millisecond. */
  seq: number;
  /** The event's index in the entry's array (the last index: the whole entry). */
  index: number;
}

/** Before every entry a stream can hold (Redis never gives an entry the id 0-0). */
export const START_OF_LOG: TaskEventPosition = Object.freeze({ ms: 0, seq: 0, index: 0 });

/** Digits enough for any millisecond clock and sequence; an index below the largest batch a write group holds. */
const TASK_EVENT_ID = /^(\d{1,15})-(\d{1,15})-(\d{1,6})$/;
const ENTRY_ID = /^(\d{1,15})-(\d{1,15})$/;

/** The position an SSE id names, or null when it is not one (a client's typo, another server's id). */
export function parseTaskEventId(id: string): TaskEventPosition | null {
  const match = TASK_EVENT_ID.exec(id);
  return match ? { ms: Number(match[1]), seq: Number(match[2]), index: Number(match[3]) } : null;
}

export function formatTaskEventId(position: TaskEventPosition): string {
  return `${position.ms}-${position.seq}-${position.index}`;
}

/** The position of event `index` of the stream entry `entryId` (as Redis wrote it: `<ms>-<seq>`). */
export function positionInEntry(entryId: string, index: number): TaskEventPosition {
  const match = ENTRY_ID.exec(entryId);
  if (!match) throw new Error(`Not a stream entry id: ${entryId}`);
  return { ms: Number(match[1]), seq: Number(match[2]), index };
}

/** The stream entry id (`<ms>-<seq>`) a position is in. */
export function entryIdOf(position: TaskEventPosition): string {
  return `${position.ms}-${position.seq}`;
}

/** Negative when `a` came first, 0 when they are the same event, positive when `a` came after. */
export function compareTaskEventPositions(a: TaskEventPosition, b: TaskEventPosition): number {
  return a.ms - b.ms || a.seq - b.seq || a.index - b.index;
}

/** Orders entries only (the index left out): negative when entry `a` was written before entry `b`. */
export function compareEntries(a: TaskEventPosition, b: TaskEventPosition): number {
  return a.ms - b.ms || a.seq - b.seq;
}

/** What the log says of its own extent, as XINFO STREAM tells it. */
export interface TaskEventsLogBounds {
  /** The newest entry ever added, at its last event (the tail reads what comes after it). */
  lastEntry: TaskEventPosition;
  /** The oldest entry still held, or undefined when the log is empty. */
  firstEntry: TaskEventPosition | undefined;
  /** Whether entries were ever trimmed away (Redis 7 counts the entries added; Redis 6 does not say: true). */
  trimmedAny: boolean;
}

/**
 * Whether a client that last saw `resumeAfter` may have missed events the log no longer holds,
 * so that it must read the state again instead of being replayed to. `bounds` is null when the
 * log does not exist (Redis lost it, or nothing was ever written). Trimming removes the oldest
 * entries first, so an entry still held at or before the client's proves that nothing after it
 * is gone. Errs on the side of a reset: a reset costs the client one read, a silent gap a wrong
 * screen.
 */
export function missedEventsAfter(resumeAfter: TaskEventPosition, bounds: TaskEventsLogBounds | null): boolean {
  const fromStart = compareEntries(resumeAfter, START_OF_LOG) === 0;
  if (bounds === null) return !fromStart;
  // An id past the newest entry comes from a log this Redis no longer has (restarted empty).
  if (compareEntries(resumeAfter, bounds.lastEntry) > 0) return true;
  if (bounds.firstEntry === undefined || fromStart) return bounds.trimmedAny;
  return compareEntries(bounds.firstEntry, resumeAfter) > 0;
}
