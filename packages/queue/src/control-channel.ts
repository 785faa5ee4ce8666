import type { Redis } from 'ioredis';

/**
 * Messages from the API to every worker, over Redis pub/sub: whichever worker holds the task acts,
 * the others ignore it. Best effort by design: the database row already records the decision,
 * and a worker that misses the message only learns of it when its next status write is refused.
 */
export type ControlMessage = { type: 'cancel'; taskId: string };

export function controlChannel(prefix: string): string {
  return `${prefix}:control`;
}

export async function publishControl(redis: Redis, prefix: string, message: ControlMessage): Promise<void> {
  await redis.publish(controlChannel(prefix), JSON.stringify(message));
}

/** Parses a message from the channel; null for anything this version does not understand. */
export function parseControlMessage(raw: string): ControlMessage | null {
  try {
    const message = JSON.parse(raw) as Partial<ControlMessage>;
    return message.type === 'cancel' && typeof message.taskId === 'string' ? (message as ControlMessage) : null;
  } catch {
    return null;
  }
}
