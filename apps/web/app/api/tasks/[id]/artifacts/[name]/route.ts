import { api, describeError, unreachable } from '../../../../../lib/api';

/**
 * Downloads an artifact through the web server: GET /api/tasks/{id}/artifacts/{name} streams the
 * API's GET /tasks/{id}/artifacts/{name} through with its content type and file name, so the API
 * key stays on the server.
 */
export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string; name: string }>;

/** The headers of the API's answer that the browser needs to save the file as it should. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-disposition'];

export async function GET(request: Request, { params }: { params: Params }): Promise<Response> {
  const { id, name } = await params;
  try {
    const { data, error, response } = await (
      await api()
    ).GET('/tasks/{id}/artifacts/{name}', {
      params: { path: { id, name } },
      parseAs: 'stream',
      signal: request.signal,
    });
    if (!data) {
      return Response.json(
        { statusCode: response.status, error: 'Upstream error', message: describeError(error, response.status) },
        { status: response.status >= 400 && response.status < 500 ? response.status : 502 },
      );
    }
    const headers = new Headers({ 'Cache-Control': 'private, no-cache', 'X-Content-Type-Options': 'nosniff' });
    for (const header of PASSED_HEADERS) {
      const value = response.headers.get(header);
      if (value) headers.set(header, value);
    }
    return new Response(data, { headers });
  } catch (error) {
    return Response.json({ statusCode: 502, error: 'Bad Gateway', message: unreachable(error) }, { status: 502 });
  }
}
