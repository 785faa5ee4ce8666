import { api } from '../../../lib/api';
import { proxyEventStream } from '../../../lib/event-stream-proxy';

/**
 * The browser's way to the API's event stream: GET /api/tasks/events[?task_id=] streams GET
 * /tasks/events through. A reconnecting EventSource's Last-Event-ID is passed on, so the API
 * replays what the browser missed (or sends `reset` when it no longer can).
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const taskId = new URL(request.url).searchParams.get('task_id') ?? undefined;
  return proxyEventStream(request, async (signal, headers) =>
    (await api()).GET('/tasks/events', {
      params: { query: taskId ? { task_id: taskId } : {} },
      headers,
      parseAs: 'stream',
      signal,
    }),
  );
}
