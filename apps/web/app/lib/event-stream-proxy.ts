import { describeError, unreachable } from './api';

/** What an openapi-fetch call made with `parseAs: 'stream'` answers. */
interface StreamAnswer {
  data?: ReadableStream<Uint8Array> | null;
  error?: unknown;
  response: Response;
}

/** The request headers the API's event streams resume by: a reconnecting EventSource's Last-Event-ID. */
export type ResumeHeaders = { 'Last-Event-ID'?: string };

/**
 * Streams one of the API's Server-Sent Events routes through to the browser, chunk by chunk:
 * `open` starts the API's request with the signal given (aborted when the browser goes away, so
 * the API does not stream into the void) and the headers to send it: the browser's Last-Event-ID,
 * so that an EventSource reconnecting through this proxy resumes where it stopped. An API refusal keeps its 4xx (anything else is a 502).
 * `no-transform` keeps Next's compression (which would buffer the stream) off it, and
 * `X-Accel-Buffering: no` a reverse proxy's buffering.
 */
export async function proxyEventStream(
  request: Request,
  open: (signal: AbortSignal, headers: ResumeHeaders) => Promise<StreamAnswer>,
): Promise<Response> {
  const upstream = new AbortController();
  request.signal.addEventListener('abort', () => upstream.abort());
  const lastEventId = request.headers.get('last-event-id');
  const headers: ResumeHeaders = lastEventId ? { 'Last-Event-ID': lastEventId } : {};

  let body: ReadableStream<Uint8Array>;
  try {
    const { data, error, response } = await open(upstream.signal, headers);
    if (!data) {
      return Response.json(
        { statusCode: response.status, error: 'Upstream error', message: describeError(error, response.status) },
        { status: response.status >= 400 && response.status < 500 ? response.status : 502 },
      );
    }
    body = data;
  } catch (error) {
    return Response.json({ statusCode: 502, error: 'Bad Gateway', message: unreachable(error) }, { status: 502 });
  }

  const reader = body.getReader();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      upstream.abort();
    },
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
