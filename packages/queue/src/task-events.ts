import type { TaskEvent } from '@atropos/tasks';
import type { Redis } from 'ioredis';

/**
 * Task changes travel over Redis pub/sub, so an event published by any worker or API replica
 * reaches every API replica and, through it, every browser watching. Fire and forget: PostgreSQL
 * holds the truth, and a client that missed an event reads it back.
 */
export function taskEventsChannel(prefix: string): string {
  return `${prefix}:task-events`;
}

export async function publishTaskEvents(redis: Redis, prefix: string, events: TaskEvent[]): Promise<void> {
  if (events.length === 0) return;
  const channel = taskEventsChannel(prefix);
  const pipeline = redis.pipeline();
  for (const event of events) pipeline.publish(channel, JSON.stringify(event));
  await pipeline.exec();
}

export function parseTaskEvent(raw: string): TaskEvent | null {
  try {
    const event = JSON.parse(raw) as Partial<TaskEvent>;
    return event.type === 'task.updated' || event.type === 'task.deleted' ? (event as TaskEvent) : null;
  } catch {
    return null;
  }
}
