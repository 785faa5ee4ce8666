import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { signInEnabled } from './app/lib/config';
import { SESSION_COOKIE } from './app/lib/session-cookie';

/**
 * In sign-in mode, a request without a session cookie goes to the sign-in page (pages) or gets 401
 * (the /api routes the browser's scripts call). This only saves a round trip: whether the session
 * still works, and what its role may do, is decided by every page, every server action and, in
 * the end, the API, which is asked with the session itself.
 */
export function proxy(request: NextRequest) {
  if (!signInEnabled() || request.cookies.get(SESSION_COOKIE)?.value) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith('/api/')) {
    return NextResponse.json({ statusCode: 401, error: 'Unauthorized', message: 'Sign in first' }, { status: 401 });
  }
  const signInUrl = new URL('/sign-in', request.url);
  if (pathname !== '/') signInUrl.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(signInUrl);
}

export const config = {
  // Everything but the sign-in page itself, Next's own files and the icon; /api/health stays open for probes.
  matcher: ['/((?!sign-in|_next/|icon.svg|favicon.ico|api/health).*)'],
};
