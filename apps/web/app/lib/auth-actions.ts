'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { api, describeError, unreachable } from './api';
import { signInEnabled } from './config';
import { formText } from './form-data';
import { safeNext } from './oidc';
import { SESSION_COOKIE } from './session-cookie';
import { servedOverHttps } from './session';

export interface SignInState {
  error?: string;
  email?: string;
}

/**
 * Signs in through the API (which checks the password, throttles guessing and audits it) and keeps
 * the session token in an HttpOnly, SameSite=Lax cookie that ends when the session does. The
 * browser's address goes along in X-Forwarded-For, so that the API (with TRUST_PROXY naming this
 * server) throttles and audits per person's address, not per web server.
 */
export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = formText(form, 'email').trim();
  const password = formText(form, 'password');
  if (!signInEnabled()) return { error: 'Sign-in is off here (WEB_SIGN_IN is not true): this Atropos is open.', email };
  if (!email || !password) return { error: 'Enter your email and your password.', email };
  const forwardedFor = (await headers()).get('x-forwarded-for');
  let session: { token: string; expires_at: string };
  try {
    const { data, error, response } = await (
      await api()
    ).POST('/auth/sign-in', { body: { email, password }, headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {} });
    if (!data) {
      if (response.status === 429)
        return { error: `Too many failed sign-ins: try again in ${waitFor(response.headers.get('retry-after'))}.`, email };
      if (response.status === 401) return { error: 'The email or the password is wrong.', email };
      return { error: describeError(error, response.status), email };
    }
    session = data;
  } catch (error) {
    return { error: unreachable(error), email };
  }
  (await cookies()).set(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await servedOverHttps(),
    path: '/',
    expires: new Date(session.expires_at),
  });
  redirect(safeNext(formText(form, 'next', '/')));
}

/** Ends the session at the API (the token stops working everywhere) and forgets the cookie. */
export async function signOut(): Promise<void> {
  try {
    await (await api()).POST('/auth/sign-out');
  } catch {
    // The cookie goes all the same; an API out of reach lets the session expire on its own.
  }
  (await cookies()).delete(SESSION_COOKIE);
  redirect('/sign-in');
}

/** Retry-After (seconds) in words: `40 seconds`, `11 minutes`. */
function waitFor(retryAfter: string | null): string {
  const seconds = Number(retryAfter);
  if (!Number.isFinite(seconds) || seconds <= 0) return 'a few minutes';
  return seconds < 90 ? `${Math.ceil(seconds)} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}
