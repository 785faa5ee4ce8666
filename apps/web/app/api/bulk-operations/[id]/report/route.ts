import { api, describeError, unreachable } from '../../../../lib/api';

/**
 * The bulk bar's "Download the report": GET /api/bulk-operations/{id}/report?format=csv|jsonl
 * passes the API's report through as it streams, with its file name.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const format = new URL(request.url).searchParams.get('format') === 'jsonl' ? 'jsonl' : 'csv';
  try {
    const { data, error, response } = await (
      await api()
    ).GET('/bulk-operations/{id}/report', {
      params: { path: { id }, query: { format } },
      parseAs: 'stream',
    });
    if (!data) {
      return Response.json(
        { statusCode: response.status, error: 'Upstream error', message: describeError(error, response.status) },
        { status: response.status >= 400 && response.status < 500 ? response.status : 502 },
      );
    }
    return new Response(data, {
      headers: {
        'Content-Type': response.headers.get('content-type') ?? 'application/octet-stream',
        'Content-Disposition': response.headers.get('content-disposition') ?? 'attachment',
        'Cache-Control': 'no-store',
      },
    });
  } catch (error) {
    return Response.json({ statusCode: 502, error: 'Bad Gateway', message: unreachable(error) }, { status: 502 });
  }
}
