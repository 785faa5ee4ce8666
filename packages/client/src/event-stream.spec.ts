import { describe, expect, it } from '@jest/globals';
import { readTaskEvents } from './event-stream.js';

const encoder = new TextEncoder();

/** A body that delivers `chunks` as they are, like a network would, cut anywhere. */
function body(chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

const updated = {
  type: 'task.updated',
  task: {
    id: '0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21',
    task_type: 'default',
    status: 'processing',
    progress: 40,
    progress_message: 'Step 2 of 5 — ünïcode',
    attempts: 1,
    max_attempts: 4,
    worker_id: 'w1',
    updated_at: '2026-11-23T10:15:30.123Z',
  },
};
const deleted = { type: 'task.deleted', task_id: '0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21' };

describe('readTaskEvents', () => {
  it('yields task events in order, skipping pings, however the bytes are cut', async () => {
    const text = `event: ping\ndata: {}\n\nevent: task.updated\ndata: ${JSON.stringify(updated)}\n\n: comment\n\nevent: task.deleted\ndata: ${JSON.stringify(deleted)}\n\n`;
    const bytes = encoder.encode(text);
    // Cut inside a multi-byte character and inside field names.
    const cuts = [3, 40, bytes.indexOf(0xc3) + 1, bytes.length - 5];
    const pieces: Uint8Array[] = [];
    let from = 0;
    for (const cut of cuts) {
      pieces.push(bytes.slice(from, cut));
      from = cut;
    }
    pieces.push(bytes.slice(from));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces) controller.enqueue(piece);
        controller.close();
      },
    });
    const events = [];
    for await (const event of readTaskEvents(stream)) events.push(event);
    expect(events).toEqual([updated, deleted]);
  });

  it('ends when the body ends, with the events before it', async () => {
    const events = [];
    for await (const event of readTaskEvents(body([`event: task.deleted\ndata: ${JSON.stringify(deleted)}\n\n`, 'event: task.upd'])))
      events.push(event);
    expect(events).toEqual([deleted]);
  });

  it('closes the body when the signal aborts, while a read is pending or before any', async () => {
    const cancelled: string[] = [];
    const silent = (name: string) =>
      new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined), cancel: () => void cancelled.push(name) });

    const reading = new AbortController();
    const events = readTaskEvents(silent('reading'), reading.signal);
    const next = events.next();
    reading.abort();
    await expect(next).resolves.toEqual({ done: true, value: undefined });

    const unread = new AbortController();
    readTaskEvents(silent('unread'), unread.signal);
    unread.abort();
    await new Promise((resolve) => setImmediate(resolve));
    expect(cancelled.sort()).toEqual(['reading', 'unread']);
  });
});
