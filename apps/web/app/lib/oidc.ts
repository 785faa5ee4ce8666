import type { NextRequest } from 'next/server';

/**
 * Single sign-on, the web's half: it sends people to the provider (by way of the API, which holds
 * the client secret) and back. What the return must match (state, nonce, the PKCE verifier, and
 * where to go afterwards) waits in a short-lived HttpOnly cookie scoped to these routes.
 */
export const OIDC_COOKIE = 'atropos_oidc';
export const OIDC_COOKIE_PATH = '/sign-in/oidc';
/** Ten minutes to sign in at the provider. */
export const OIDC_COOKIE_MAX_AGE_S = 600;

export interface PendingSignIn {
  state: string;
  nonce: string;
  code_verifier: string;
  next: string;
}

/** This site's address as the browser sees it (behind a proxy, as it forwarded it). */
export function publicOrigin(request: NextRequest): string {
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() ?? request.headers.get('host') ?? request.nextUrl.host;
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? request.nextUrl.protocol.replace(':', '');
  return `${proto}://${host}`;
}

export const callbackPath = `${OIDC_COOKIE_PATH}/callback`;

export function encodePending(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify(pending)).toString('base64url');
}

export function decodePending(value: string | undefined): PendingSignIn | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString()) as Partial<PendingSignIn>;
    const { state, nonce, code_verifier: codeVerifier, next } = parsed;
    if (typeof state !== 'string' || typeof nonce !== 'string' || typeof codeVerifier !== 'string' || typeof next !== 'string')
      return undefined;
    return { state, nonce, code_verifier: codeVerifier, next };
  } catch {
    return undefined;
  }
}

/** Only a path of this site: `next` comes from the URL, and must not send a person elsewhere after signing in. */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}
