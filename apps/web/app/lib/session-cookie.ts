import { cookies } from 'next/headers';
import { signInEnabled } from './config';

/** The cookie holding the API session token: HttpOnly (no script reads it), SameSite=Lax, Secure over https. */
export const SESSION_COOKIE = 'atropos_session';

/** The session token of this request, in sign-in mode (WEB_SIGN_IN=true). */
export async function sessionToken(): Promise<string | undefined> {
  if (!signInEnabled()) return undefined;
  return (await cookies()).get(SESSION_COOKIE)?.value || undefined;
}
