import { createParser } from 'eventsource-parser';
import type { components } from './openapi.generated.js';

/** An event of `GET /tasks/events`: a task changed (`task.updated`) or was deleted (`task.deleted`). */
export type TaskEvent = components['schemas']['TaskEvent'];

const TASK_EVENT_NAMES = new Set(['task.updated', 'task.deleted']);

/**
 * The task events in a Server-Sent Events body, in order, until the body ends. `ping` events (the
 * API's keep-alive) and anything else are skipped. The body is closed when the iteration stops
 * (break, return) and when `signal` aborts, even while a read is pending or before the first one.
 *
 * Closing the body here, rather than trusting the request's AbortSignal, matters: Node's fetch
 * follows a Request's signal through a weak reference, and once that Request is garbage-collected
 * an abort no longer reaches the connection (nodejs/node#55428), which would keep it open forever.
 */
export function readTaskEvents(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<TaskEvent, void, undefined> {
  const reader = body.getReader();
  const close = () => void reader.cancel().catch(() => undefined);
  if (signal?.aborted) close();
  else signal?.addEventListener('abort', close, { once: true });
  return events(reader, () => signal?.removeEventListener('abort', close));
}

async function* events(reader: ReadableStreamDefaultReader<Uint8Array>, done: () => void): AsyncGenerator<TaskEvent, void, undefined> {
  const ready: TaskEvent[] = [];
  const parser = createParser({
    onEvent(message) {
      if (!message.event || !TASK_EVENT_NAMES.has(message.event)) return;
      ready.push(JSON.parse(message.data) as TaskEvent);
    },
  });
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      parser.feed(decoder.decode(value, { stream: true }));
      while (ready.length > 0) yield ready.shift()!;
    }
  } finally {
    done();
    // Closes the connection when the caller stops early; a body already closed is fine.
    await reader.cancel().catch(() => undefined);
  }
}
