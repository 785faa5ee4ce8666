import type { TaskEvent } from '@atropos/tasks';
import { taskEventSchema } from '@atropos/tasks';
import type { Redis } from 'ioredis';

/**
 * Task changes travel over Redis pub/sub, so an event published by any worker or API replica
 * reaches every API replica and, through it, every browser watching. Fire and forget: PostgreSQL
 * holds the truth, and a client that missed an event reads it back.
 */
export function taskEventsChannel(prefix: string): string {
  return `${prefix}:task-events`;
}

/**
 * Publishes the events as ONE message (a JSON array): a batch of 500 tasks, or a worker's group of
 * completions, costs Redis one PUBLISH and every subscribed API replica one message to read,
 * instead of one each per task.
 */
export async function publishTaskEvents(redis: Redis, prefix: string, events: TaskEvent[]): Promise<void> {
  if (events.length === 0) return;
  await redis.publish(taskEventsChannel(prefix), JSON.stringify(events));
}

/**
 * The events of one message, each checked against the TaskEvent schema (what is not one is
 * dropped); a lone event object (as published before arrays) counts as one.
 */
export function parseTaskEvents(raw: string): TaskEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  return (Array.isArray(parsed) ? parsed : [parsed]).flatMap((value) => {
    const event = taskEventSchema.safeParse(value);
    return event.success ? [event.data] : [];
  });
}

/** Workflow runs that changed (a step started, skipped, decided; the run's status): one run id per message. */
export function workflowRunEventsChannel(prefix: string): string {
  return `${prefix}:workflow-run-events`;
}
