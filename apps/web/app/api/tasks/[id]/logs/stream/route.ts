import { api, describeError, unreachable } from '../../../../../lib/api';

/**
 * The browser's way to a task's live log: GET /api/tasks/{id}/logs/stream[?after=] streams the
 * API's GET /tasks/{id}/logs/stream through, chunk by chunk, like /api/tasks/events. A
 * reconnecting EventSource's Last-Event-ID is passed on, so it resumes after the last line it had.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const after = new URL(request.url).searchParams.get('after') ?? undefined;
  const lastEventId = request.headers.get('last-event-id');
  const upstream = new AbortController();
  request.signal.addEventListener('abort', () => upstream.abort());

  let body: ReadableStream<Uint8Array>;
  try {
    const { data, error, response } = await api().GET('/tasks/{id}/logs/stream', {
      params: { path: { id }, query: after ? { after } : {} },
      headers: lastEventId ? { 'Last-Event-ID': lastEventId } : {},
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
