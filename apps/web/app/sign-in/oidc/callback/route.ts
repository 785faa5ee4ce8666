import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { api, describeError, unreachable } from '../../../lib/api';
import { signInEnabled } from '../../../lib/config';
import { decodePending, OIDC_COOKIE, OIDC_COOKIE_PATH, publicOrigin } from '../../../lib/oidc';
import { SESSION_COOKIE } from '../../../lib/session-cookie';

export const dynamic = 'force-dynamic';

/**
 * Where the provider sends the person back: the API redeems the code with the checks kept in the
 * cookie, and the session it answers goes into the session cookie, as after a password sign-in.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const origin = publicOrigin(request);
  if (!signInEnabled()) return NextResponse.redirect(new URL('/', origin));
  const failed = (message: string) => {
    const redirect = NextResponse.redirect(new URL(`/sign-in?error=${encodeURIComponent(message)}`, origin));
    redirect.cookies.delete({ name: OIDC_COOKIE, path: OIDC_COOKIE_PATH });
    return redirect;
  };
  const pending = decodePending(request.cookies.get(OIDC_COOKIE)?.value);
  if (!pending) return failed('Single sign-on took too long or was not started here: try again.');
  const { next, ...checks } = pending;
  const providerError = request.nextUrl.searchParams.get('error');
  if (providerError) return failed(`The identity provider refused: ${providerError}`);
  try {
    const callbackUrl = `${origin}${request.nextUrl.pathname}${request.nextUrl.search}`;
    const forwardedFor = request.headers.get('x-forwarded-for');
    const { data, error, response } = await (
      await api()
    ).POST('/auth/oidc/callback', {
      body: { callback_url: callbackUrl, ...checks },
      headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {},
    });
    if (!data) return failed(describeError(error, response.status));
    const redirect = NextResponse.redirect(new URL(next, origin));
    redirect.cookies.delete({ name: OIDC_COOKIE, path: OIDC_COOKIE_PATH });
    redirect.cookies.set(SESSION_COOKIE, data.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: origin.startsWith('https:'),
      path: '/',
      expires: new Date(data.expires_at),
    });
    return redirect;
  } catch (error) {
    return failed(unreachable(error));
  }
}
