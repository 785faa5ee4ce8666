import type { OidcStub, RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, startOidcStub, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/**
 * Single sign-on through OpenID Connect against a stand-in provider on loopback: the code flow
 * with PKCE, state and nonce; a session for the Atropos user with the ID token's verified email,
 * nobody else; a tampered state or a replayed code refused; each outcome audited.
 */
const ADMIN = { email: 'root@example.com', password: 'first-admin-password-1' };
const REDIRECT_URI = 'http://127.0.0.1:3999/sign-in/oidc/callback';

type Json = Record<string, unknown>;

let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;
let provider: OidcStub;

const post = async (path: string, body: unknown, token?: string) => {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
};

/** Starts at the API, goes through the provider (which signs in whoever the test said), and comes back with the code. */
async function throughProvider() {
  const started = await post('/auth/oidc/start', { redirect_uri: REDIRECT_URI });
  expect(started.status).toBe(200);
  const { authorization_url, ...checks } = started.body as {
    authorization_url: string;
    state: string;
    nonce: string;
    code_verifier: string;
  };
  const authorize = new URL(authorization_url);
  expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
    client_id: provider.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    code_challenge_method: 'S256',
    state: checks.state,
    nonce: checks.nonce,
  });
  const redirect = await fetch(authorize, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  return { callbackUrl: redirect.headers.get('location')!, checks };
}

beforeAll(async () => {
  provider = await startOidcStub();
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    OIDC_ISSUER_URL: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
  });
  const admin = await post('/auth/sign-in', ADMIN);
  const created = await post(
    '/users',
    { email: 'ann@acme.example', password: 'unused-password-1', role: 'operator', tenant: 'acme' },
    admin.body.token as string,
  );
  expect(created.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
  await provider?.stop();
});

describe('single sign-on', () => {
  it('says it is on', async () => {
    expect(await (await fetch(`${api.baseUrl}/auth/methods`)).json()).toEqual({ password: true, oidc: true });
  });

  it("opens a session for the user with the provider's verified email, through the code flow with PKCE", async () => {
    provider.signInAs('Ann@acme.example');
    const { callbackUrl, checks } = await throughProvider();
    const session = await post('/auth/oidc/callback', { callback_url: callbackUrl, ...checks });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      token: expect.stringMatching(/^ats_/),
      user: { email: 'ann@acme.example', role: 'operator', tenant: 'acme' },
    });
    expect(provider.tokenRequests.at(-1)).toEqual({ pkceVerified: true });
    const me = await fetch(`${api.baseUrl}/auth/me`, { headers: { authorization: `Bearer ${session.body.token as string}` } });
    expect(await me.json()).toEqual({ name: 'ann@acme.example', scope: 'write', tenant: 'acme', role: 'operator' });
    await waitFor(
      'the SSO sign-in in the audit log',
      async () => (await db.query(`SELECT 1 FROM audit_log WHERE action = 'auth.sign_in' AND detail->>'method' = 'oidc'`)).length === 1,
    );
  });

  it('refuses a replayed code, and a return whose state is not the one sent', async () => {
    provider.signInAs('ann@acme.example');
    const { callbackUrl, checks } = await throughProvider();
    expect((await post('/auth/oidc/callback', { callback_url: callbackUrl, ...checks, state: 'forged-state' })).status).toBe(401);
    // The provider spends a code once.
    const first = await throughProvider();
    expect((await post('/auth/oidc/callback', { callback_url: first.callbackUrl, ...first.checks })).status).toBe(200);
    expect((await post('/auth/oidc/callback', { callback_url: first.callbackUrl, ...first.checks })).status).toBe(401);
  });

  it('refuses a wrong PKCE verifier', async () => {
    const { callbackUrl, checks } = await throughProvider();
    const refused = await post('/auth/oidc/callback', { callback_url: callbackUrl, ...checks, code_verifier: 'x'.repeat(43) });
    expect(refused.status).toBe(401);
    expect(provider.tokenRequests.at(-1)).toEqual({ pkceVerified: false });
  });

  it('opens no session for an email no Atropos user has, or one the provider has not verified, and audits both', async () => {
    provider.signInAs('mallory@example.com');
    let back = await throughProvider();
    const stranger = await post('/auth/oidc/callback', { callback_url: back.callbackUrl, ...back.checks });
    expect(stranger.status).toBe(401);
    expect(stranger.body.message).toContain('No Atropos user has the email mallory@example.com');
    provider.signInAs('ann@acme.example', false);
    back = await throughProvider();
    expect((await post('/auth/oidc/callback', { callback_url: back.callbackUrl, ...back.checks })).status).toBe(401);
    await waitFor('both refusals in the audit log', async () => {
      const rows = await db.query<{ actor: string }>(
        `SELECT actor FROM audit_log WHERE action = 'auth.sign_in_failed' AND detail->>'reason' IN ('no such user', 'no verified email') ORDER BY id`,
      );
      return rows.map((row) => row.actor).join() === 'mallory@example.com,oidc';
    });
  });
});

describe('without single sign-on configured', () => {
  it('answers 404 to its routes and says so in the methods', async () => {
    const plain = await startApi({ DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix });
    try {
      expect(await (await fetch(`${plain.baseUrl}/auth/methods`)).json()).toEqual({ password: true, oidc: false });
      const start = await fetch(`${plain.baseUrl}/auth/oidc/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uri: REDIRECT_URI }),
      });
      expect(start.status).toBe(404);
    } finally {
      await plain.process.stop();
    }
  }, 60_000);
});
