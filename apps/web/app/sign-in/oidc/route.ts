import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { api, describeError, unreachable } from '../../lib/api';
import { signInEnabled } from '../../lib/config';
import { callbackPath, encodePending, OIDC_COOKIE, OIDC_COOKIE_MAX_AGE_S, OIDC_COOKIE_PATH, publicOrigin, safeNext } from '../../lib/oidc';

export const dynamic = 'force-dynamic';

/** "Sign in with single sign-on": asks the API where to send the person, and keeps the checks for their return. */
export async function GET(request: NextRequest): Promise<Response> {
  const origin = publicOrigin(request);
  if (!signInEnabled()) return NextResponse.redirect(new URL('/', origin));
  const failed = (message: string) => NextResponse.redirect(new URL(`/sign-in?error=${encodeURIComponent(message)}`, origin));
  try {
    const { data, error, response } = await (await api()).POST('/auth/oidc/start', { body: { redirect_uri: `${origin}${callbackPath}` } });
    if (!data) return failed(`Single sign-on could not start: ${describeError(error, response.status)}`);
    const { authorization_url: authorizationUrl, ...checks } = data;
    const redirect = NextResponse.redirect(authorizationUrl);
    redirect.cookies.set(OIDC_COOKIE, encodePending({ ...checks, next: safeNext(request.nextUrl.searchParams.get('next')) }), {
      httpOnly: true,
      // Lax: the provider sends the person back with a top-level GET, which carries Lax cookies.
      sameSite: 'lax',
      secure: origin.startsWith('https:'),
      path: OIDC_COOKIE_PATH,
      maxAge: OIDC_COOKIE_MAX_AGE_S,
    });
    return redirect;
  } catch (error) {
    return failed(unreachable(error));
  }
}
