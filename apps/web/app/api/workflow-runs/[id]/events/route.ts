import { api } from '../../../../lib/api';
import { proxyEventStream } from '../../../../lib/event-stream-proxy';

/** The browser's way to a run's live page: GET /api/workflow-runs/{id}/events streams GET /workflow-runs/{id}/events through. */
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return proxyEventStream(request, async (signal) =>
    (await api()).GET('/workflow-runs/{id}/events', { params: { path: { id } }, parseAs: 'stream', signal }),
  );
}
