import { api, describeError, unreachable } from '../../../../lib/api';

/**
 * The browser's way to the API's event stream: GET /api/workflow-runs/{id}/events streams
 * GET /workflow-runs/{id}/events through, chunk by chunk. `no-transform` keeps Next's compression (which
 * would buffer the stream) off it, and `X-Accel-Buffering: no` a reverse proxy's buffering.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const upstream = new AbortController();
  request.signal.addEventListener('abort', () => upstream.abort());

  let body: ReadableStream<Uint8Array>;
  try {
    const { data, error, response } = await api().GET('/workflow-runs/{id}/events', {
      params: { path: { id } },
      parseAs: 'stream',
      signal: upstream.signal,
    });
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
      // The browser went away: close the API's stream too, so it does not stream into the void.
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
