import { headers } from 'next/headers';
import { cache } from 'react';
import { api } from './api';
import { signInEnabled } from './config';
import type { Role } from './roles';
import { roleAllows } from './roles';
import { sessionToken } from './session-cookie';

/**
 * Who is using the web: in sign-in mode (WEB_SIGN_IN=true) the person whose session token the
 * request's cookie holds, as the API knows them; in open mode no one in particular, with every
 * button shown, as before sign-in existed.
 */
export type Viewer =
  | { mode: 'open' }
  | { mode: 'signed-in'; name: string; role: Role; tenant: string }
  /** Sign-in is on and the request has no session that works (none, expired, revoked). */
  | { mode: 'signed-out' };

/** Whether `role` may do what needs `needed`: viewer < operator < admin; open mode may do everything. */
export function allows(viewer: Viewer, needed: Role): boolean {
  if (viewer.mode === 'open') return true;
  if (viewer.mode === 'signed-out') return false;
  return roleAllows(viewer.role, needed);
}

/** What people in each role may do, for the refusal message. */
const ROLE_DOES: Record<Role, string> = {
  viewer: 'look',
  operator: 'create, cancel, retry and delete tasks and runs',
  admin: 'control the queues and manage everything',
};

/**
 * Every server action calls this first: a server action is an endpoint anyone can POST to, whether
 * or not the page showed its button. Returns the refusal in words, or undefined when allowed.
 * (The API refuses too, by the scope of the session's role; this answers before it is asked.)
 */
export async function refusal(needed: Role): Promise<string | undefined> {
  const viewer = await currentViewer();
  if (allows(viewer, needed)) return undefined;
  if (viewer.mode === 'signed-out') return 'Sign in first: your session has ended.';
  return `Your role (${viewer.mode === 'signed-in' ? viewer.role : '-'}) may not do this: it takes ${needed}, who may ${ROLE_DOES[needed]}.`;
}

/** Whether the page was asked for over https (directly or through a proxy), so the cookie gets Secure. */
export async function servedOverHttps(): Promise<boolean> {
  return (await headers()).get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/** The viewer of this request, asked of the API once per request (React's cache). */
export const currentViewer = cache(async (): Promise<Viewer> => {
  if (!signInEnabled()) return { mode: 'open' };
  const token = await sessionToken();
  if (!token) return { mode: 'signed-out' };
  try {
    const { data } = await (await api()).GET('/auth/me');
    if (!data?.role) return { mode: 'signed-out' };
    return { mode: 'signed-in', name: data.name, role: data.role, tenant: data.tenant };
  } catch {
    return { mode: 'signed-out' };
  }
});
