import type { TaskEvent } from '@atropos/tasks';
import { taskEventSchema } from '@atropos/tasks';
import type { Redis } from 'ioredis';
import type { TaskEventPosition, TaskEventsLogBounds } from './task-event-position.js';
import { positionInEntry } from './task-event-position.js';

/**
 * Task changes travel through one Redis stream, the task events log: each write group (a batch of
 * created tasks, a worker's group of claims or completions) is one entry holding the group's events
 * as a JSON array. Every API replica tails it, so an event written by any worker or replica reaches
 * every browser watching; and since the log keeps the recent entries (TASK_EVENTS_LOG_LENGTH), a
 * client that reconnects is replayed what it missed (GET /tasks/events with Last-Event-ID).
 * PostgreSQL holds the truth: a client that missed more than the log holds reads it back.
 */
export function taskEventsLogKey(prefix: string): string {
  return `${prefix}:task-events:log`;
}

/** The entry's fields: how many events it holds (read without parsing them), and the events. */
const COUNT_FIELD = 'n';
const EVENTS_FIELD = 'events';

/**
 * Appends the events as ONE entry (one XADD: one round trip, one entry for each API replica to
 * read), trimming the log to about `logLength` entries in the same command. `~` lets Redis trim
 * whole nodes of its radix tree only, which costs next to nothing; the log holds at least
 * `logLength` entries, a little more at times.
 */
export async function publishTaskEvents(redis: Redis, prefix: string, events: TaskEvent[], logLength: number): Promise<void> {
  if (events.length === 0) return;
  await redis.xadd(
    taskEventsLogKey(prefix),
    'MAXLEN',
    '~',
    logLength,
    '*',
    COUNT_FIELD,
    events.length,
    EVENTS_FIELD,
    JSON.stringify(events),
  );
}

/** One event of the log with its position (its raw index in its entry, counted before any is dropped). */
export interface LoggedTaskEvent {
  position: TaskEventPosition;
  event: TaskEvent;
}

/** One entry of the log as Redis answers it: the entry id and its field/value list. */
export type RawLogEntry = [id: string, fields: string[]];

/** What an entry holds: its events in order, each checked against the TaskEvent schema (what is not one is dropped). */
export function readLogEntry([id, fields]: RawLogEntry): LoggedTaskEvent[] {
  let values: unknown;
  try {
    values = JSON.parse(fieldOf(fields, EVENTS_FIELD) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(values)) return [];
  return values.flatMap((value, index) => {
    const event = taskEventSchema.safeParse(value);
    return event.success ? [{ position: positionInEntry(id, index), event: event.data }] : [];
  });
}

/** The position of an entry's last event, read without parsing its events (for when nobody is listening). */
export function lastPositionOfEntry([id, fields]: RawLogEntry): TaskEventPosition {
  const count = Number(fieldOf(fields, COUNT_FIELD));
  return positionInEntry(id, Number.isSafeInteger(count) && count > 0 ? count - 1 : 0);
}

function fieldOf(fields: string[], name: string): string | undefined {
  for (let at = 0; at + 1 < fields.length; at += 2) if (fields[at] === name) return fields[at + 1];
  return undefined;
}

/**
 * Waits up to `blockMs` for entries written after `afterEntryId` (XREAD BLOCK): what a replica's
 * tail calls in a loop, on a connection of its own (a blocked connection serves nothing else).
 */
export async function readTaskEventsLogAfter(
  redis: Redis,
  prefix: string,
  afterEntryId: string,
  { blockMs, count }: { blockMs: number; count: number },
): Promise<RawLogEntry[]> {
  const answer = await redis.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', taskEventsLogKey(prefix), afterEntryId);
  return answer?.[0]?.[1] ?? [];
}

/** Up to `count` entries from `fromEntryId` on, that one included (XRANGE; Redis 6.0 has no exclusive start). */
export async function readTaskEventsLogFrom(redis: Redis, prefix: string, fromEntryId: string, count: number): Promise<RawLogEntry[]> {
  return await redis.xrange(taskEventsLogKey(prefix), fromEntryId, '+', 'COUNT', count);
}

/**
 * The id of the log's last entry and its count of events, and nothing else: XREVRANGE inside Redis,
 * so the entry's events (up to a write group's worth of JSON) never cross the network. An entry
 * without a count answers '0', which lastPositionOfEntry reads as its first event.
 */
const READ_LOG_END = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if not last then return false end
local fields = last[2]
for at = 1, #fields - 1, 2 do
  if fields[at] == ARGV[1] then return {last[1], fields[at + 1]} end
end
return {last[1], '0'}`;

/**
 * The position of the last event of the log, or null when the log holds no entry: what an idle
 * tail polls, so that it reads from there once someone listens.
 */
export async function readTaskEventsLogEnd(redis: Redis, prefix: string): Promise<TaskEventPosition | null> {
  const answer = (await redis.eval(READ_LOG_END, 1, taskEventsLogKey(prefix), COUNT_FIELD)) as [string, string] | null;
  return answer === null ? null : lastPositionOfEntry([answer[0], [COUNT_FIELD, answer[1]]]);
}

/** What the log says of its extent (XINFO STREAM), or null when there is no log. */
export async function readTaskEventsLogBounds(redis: Redis, prefix: string): Promise<TaskEventsLogBounds | null> {
  let info: unknown[];
  try {
    info = (await redis.xinfo('STREAM', taskEventsLogKey(prefix))) as unknown[];
  } catch (error) {
    if (/no such key/i.test(String(error))) return null;
    throw error;
  }
  const field = (name: string) => {
    for (let at = 0; at + 1 < info.length; at += 2) if (info[at] === name) return info[at + 1];
    return undefined;
  };
  const entryPosition = (id: unknown) => (typeof id === 'string' ? positionInEntry(id, 0) : undefined);
  const firstEntry = field('first-entry');
  const lastEntry = field('last-entry');
  const entriesAdded = field('entries-added');
  return {
    // The last entry's last event when it is still there (the tail starts after it), else the id alone.
    lastEntry: Array.isArray(lastEntry)
      ? lastPositionOfEntry(lastEntry as RawLogEntry)
      : positionInEntry(String(field('last-generated-id')), 0),
    firstEntry: Array.isArray(firstEntry) ? entryPosition(firstEntry[0]) : undefined,
    // Redis 6 has no count of the entries added.
    trimmedAny: entriesAdded === undefined || Number(entriesAdded) > Number(field('length')),
  };
}

/** Workflow runs that changed (a step started, skipped, decided; the run's status): one run id per message. */
export function workflowRunEventsChannel(prefix: string): string {
  return `${prefix}:workflow-run-events`;
}
