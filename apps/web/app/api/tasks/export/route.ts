import { api, describeError, unreachable } from '../../../lib/api';
import { readFilters, toApiQuery } from '../../../lib/task-filters';

/**
 * The task list's "Export" button: GET /api/tasks/export?format=csv|jsonl&<the list's filters>
 * streams the API's GET /tasks/export through chunk by chunk (the web holds no more of it than
 * the API does), with the API's file name, so the browser downloads it.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const params = Object.fromEntries(url.searchParams);
  const filters = readFilters(params);
  // The type goes to the API as given: its 400 names an unknown one.
  const query = {
    ...toApiQuery(filters, filters.type ? [filters.type] : [], {}),
    format: params.format === 'jsonl' ? 'jsonl' : 'csv',
  } as const;
  const upstream = new AbortController();
  request.signal.addEventListener('abort', () => upstream.abort());

  let body: ReadableStream<Uint8Array>;
  let headers: Headers;
  try {
    const { data, error, response } = await (
      await api()
    ).GET('/tasks/export', { params: { query }, parseAs: 'stream', signal: upstream.signal });
    if (!data) {
      return Response.json(
        { statusCode: response.status, error: 'Upstream error', message: describeError(error, response.status) },
        { status: response.status >= 400 && response.status < 500 ? response.status : 502 },
      );
    }
    body = data;
    headers = response.headers;
  } catch (error) {
    return Response.json({ statusCode: 502, error: 'Bad Gateway', message: unreachable(error) }, { status: 502 });
  }
  return new Response(body, {
    headers: {
      'Content-Type': headers.get('content-type') ?? 'application/octet-stream',
      'Content-Disposition': headers.get('content-disposition') ?? 'attachment',
      'Cache-Control': 'no-store',
    },
  });
}
