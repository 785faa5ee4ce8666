import type { ApiClient } from '@atropos/client';
import { createApiClient, isApiErrorBody } from '@atropos/client';
import { redirect } from 'next/navigation';
import { apiKey, apiUrl, signInEnabled } from './config';
import { sessionToken } from './session-cookie';

/**
 * Server-side access to the API: the typed client, and fetchers that turn every failure into a
 * message a person can act on. Pages render those messages in place (an error thrown from a
 * Server Component reaches the browser without its message in production).
 */

let openClient: ApiClient | undefined;

/**
 * The client for this request. In sign-in mode it carries the session token of the request's
 * cookie, so the API answers as the signed-in person (their role, their tenant) and API_KEY is
 * never sent; in open mode, one client with API_KEY (if any) serves every request.
 */
export async function api(): Promise<ApiClient> {
  if (signInEnabled()) {
    const token = await sessionToken();
    return createApiClient(apiUrl(), { cache: 'no-store', headers: token ? { Authorization: `Bearer ${token}` } : {} });
  }
  const key = apiKey();
  openClient ??= createApiClient(apiUrl(), { cache: 'no-store', headers: key ? { Authorization: `Bearer ${key}` } : {} });
  return openClient;
}

export type Loaded<T> = { ok: true; data: T } | { ok: false; status?: number; message: string };

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Runs one API call; `what` names it in the message if it fails. */
export async function load<T>(what: string, call: (client: ApiClient) => Promise<Answer<T>>): Promise<Loaded<T>> {
  let loaded: Loaded<T>;
  try {
    const { data, error, response } = await call(await api());
    loaded =
      response.ok && data !== undefined
        ? { ok: true, data }
        : { ok: false, status: response.status, message: `${what}: ${describeError(error, response.status)}` };
  } catch (error) {
    return { ok: false, message: `${what}: ${unreachable(error)}` };
  }
  // The session ended (expired, signed out elsewhere, revoked by an admin): sign in again. Outside
  // the try: redirect() throws, and the catch above would take it for an unreachable API.
  if (!loaded.ok && loaded.status === 401 && signInEnabled()) redirect('/sign-in');
  return loaded;
}

/** The message of an error answer, or of a failed request. */
export function describeError(error: unknown, status?: number): string {
  if (isApiErrorBody(error)) return error.message;
  return status ? `the API answered ${status}` : unreachable(error);
}

export function unreachable(error: unknown): string {
  const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  return `the API at ${apiUrl()} did not answer (${cause})`;
}
