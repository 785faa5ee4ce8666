/**
 * Liveness of the web server alone, for container health checks: it answers without calling the
 * API, so an API outage does not get the web restarted too (its pages say the API is down).
 */
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
