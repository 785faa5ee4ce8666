import { EventSourceParserStream } from 'eventsource-parser/stream';

/** One Server-Sent Event as a test client received it. */
export interface ReceivedEvent<Data> {
  /** The SSE `event` field, `message` when there was none. */
  event: string;
  id: string | undefined;
  data: Data;
  /** When it arrived (Date.now()). */
  at: number;
}

/**
 * Reads the Server-Sent Events of `url` into `events` as they arrive (each `data` parsed as JSON),
 * until `close()`. `opened` settles once the answer's headers are in: it fails unless 200.
 */
export function readEventStream<Data>(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const events: Array<ReceivedEvent<Data>> = [];
  const opened = fetch(url, { headers, signal: controller.signal }).then((response) => {
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    void (async () => {
      const messages = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
      try {
        for await (const message of messages) {
          events.push({ event: message.event ?? 'message', id: message.id, data: JSON.parse(message.data) as Data, at: Date.now() });
        }
      } catch {
        // Aborted by close().
      }
    })();
  });
  return { events, opened, close: () => controller.abort() };
}
