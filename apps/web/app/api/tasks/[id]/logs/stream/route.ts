import { api } from '../../../../../lib/api';
import { proxyEventStream } from '../../../../../lib/event-stream-proxy';

/**
 * The browser's way to a task's live log: GET /api/tasks/{id}/logs/stream[?after=] streams the
 * API's GET /tasks/{id}/logs/stream through. A reconnecting EventSource's Last-Event-ID is passed
 * on, so it resumes after the last line it had.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const after = new URL(request.url).searchParams.get('after') ?? undefined;
  return proxyEventStream(request, async (signal, headers) =>
    (await api()).GET('/tasks/{id}/logs/stream', {
      params: { path: { id }, query: after ? { after } : {} },
      headers,
      parseAs: 'stream',
      signal,
    }),
  );
}
