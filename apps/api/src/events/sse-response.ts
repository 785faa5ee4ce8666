import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';

/** One Server-Sent Event, as the stream's text: named, with its id, its data on one line per line. */
export function sseFrame(type: string, id: string, data: string): string {
  return `event: ${type}\nid: ${id}\ndata: ${data.replace(/\r\n|\r|\n/g, '\ndata: ')}\n\n`;
}

/**
 * Bytes that may wait for a client that does not read before its stream is cut (as Nest's @Sse()
 * does at 4 MiB): a stalled browser must not hold the API's memory. An EventSource reconnects by
 * itself, with Last-Event-ID, and is replayed what it missed.
 */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Writes `frames` (SSE text) to the response until the client goes away, then calls `onEnd`.
 * Written by hand rather than through Nest's @Sse(): that one formats and awaits every event per
 * client (a promise and a write each), which at a thousand clients and a thousand events a
 * second is most of the API's CPU. Here each event's frame is built once for every client, and
 * the frames one client gets in one turn of the event loop (an XREAD reply may hold many entries)
 * leave in one write on the next tick.
 */
export function writeEventStream(request: Request, response: Response, frames: Observable<string>, onEnd: () => void): void {
  // Gone while the guards ran: no 'close' will come.
  if (request.socket.destroyed) {
    onEnd();
    return;
  }
  request.socket.setNoDelay(true);
  request.socket.setKeepAlive(true);
  request.socket.setTimeout(0);
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  // A HEAD request (Express routes it here) gets the headers only: it has no body to stream into.
  if (request.method === 'HEAD') {
    response.end();
    onEnd();
    return;
  }
  response.flushHeaders();
  // A first line, so that a client (and a proxy) sees the stream open before any event.
  response.write(':\n\n');

  let pending = '';
  const flush = () => {
    const text = pending;
    pending = '';
    if (text === '' || response.destroyed || response.writableEnded) return;
    response.write(text);
    if (response.writableLength > MAX_BUFFERED_BYTES) response.destroy();
  };
  const subscription = frames.subscribe({
    next: (frame) => {
      if (pending === '') process.nextTick(flush);
      pending += frame;
    },
    error: () => response.destroy(),
    complete: () => {
      flush();
      response.end();
    },
  });
  let ended = false;
  response.on('close', () => {
    if (ended) return;
    ended = true;
    subscription.unsubscribe();
    onEnd();
  });
}
