import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/**
 * People: the first admin from the environment, users with roles and tenants, sessions that act
 * like keys of their role's scope and end on sign-out or when the user is disabled, sign-in
 * throttled per email and per address, and every step audited.
 */
const ADMIN_EMAIL = 'root@example.com';
const ADMIN_PASSWORD = 'first-admin-password-1';
const PASSWORD = 'a-long-user-password';

type Json = Record<string, unknown>;

let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

const call = async (method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as Json };
};

const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  call('POST', '/auth/sign-in', undefined, { email, password }, headers);

const auditRows = (action: string) =>
  db.query<{ actor: string; actor_key_id: string | null; tenant: string | null; target: string | null; status: number; source_ip: string }>(
    `SELECT actor, actor_key_id, tenant, target, status, source_ip FROM audit_log WHERE action = $1 ORDER BY id`,
    [action],
  );

let adminToken: string;

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    SIGN_IN_FAILURES_PER_ACCOUNT: '3',
    SIGN_IN_FAILURES_PER_ADDRESS: '5',
    // The tests pose as other addresses through X-Forwarded-For, which only a trusted proxy may set.
    TRUST_PROXY: 'loopback',
  });
  const signedIn = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  expect(signedIn.status).toBe(200);
  adminToken = signedIn.body.token as string;
}, 60_000);

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('the first admin', () => {
  it('is created from ADMIN_EMAIL and ADMIN_PASSWORD, the password kept as a scrypt hash', async () => {
    const rows = await db.query<{ email: string; role: string; tenant: string; password_hash: string }>(
      `SELECT email, role, tenant, password_hash FROM users`,
    );
    expect(rows).toEqual([
      { email: ADMIN_EMAIL, role: 'admin', tenant: 'default', password_hash: expect.stringMatching(/^scrypt\$131072\$8\$1\$/) },
    ]);
    expect(rows[0]!.password_hash).not.toContain(ADMIN_PASSWORD);
  });

  it('closes the API: with a user and no key configured, a caller without a session is refused', async () => {
    expect((await call('GET', '/tasks')).status).toBe(401);
    expect((await call('GET', '/tasks', adminToken)).status).toBe(200);
  });

  it('is not created again once a user exists (a restart changes nothing)', async () => {
    const restarted = await startApi({
      DATABASE_URL: db.url,
      REDIS_URL: queue.redisUrl,
      QUEUE_PREFIX: queue.prefix,
      ADMIN_EMAIL: 'other@example.com',
      ADMIN_PASSWORD: 'another-password-2',
    });
    await restarted.process.stop();
    expect(await db.query(`SELECT email FROM users`)).toEqual([{ email: ADMIN_EMAIL }]);
  }, 60_000);
});

describe('sessions act with the scope of their role and the tenant of their user', () => {
  const users: Record<string, { id: string; token: string }> = {};

  beforeAll(async () => {
    for (const [role, email] of [
      ['viewer', 'vera@acme.example'],
      ['operator', 'otto@acme.example'],
    ] as const) {
      const created = await call('POST', '/users', adminToken, { email, password: PASSWORD, role, tenant: 'acme' });
      expect(created.status).toBe(201);
      const signedIn = await signIn(email.toUpperCase(), PASSWORD); // emails compare case-insensitively
      expect(signedIn.status).toBe(200);
      expect(signedIn.body).toMatchObject({ user: { email, role, tenant: 'acme' }, expires_at: expect.any(String) });
      users[role] = { id: created.body.id as string, token: signedIn.body.token as string };
    }
  });

  it('tells who the session is', async () => {
    expect((await call('GET', '/auth/me', users.viewer!.token)).body).toEqual({
      name: 'vera@acme.example',
      scope: 'read',
      tenant: 'acme',
      role: 'viewer',
    });
  });

  it('lets a viewer read but not change anything', async () => {
    expect((await call('GET', '/tasks', users.viewer!.token)).status).toBe(200);
    const refused = await call('POST', '/tasks', users.viewer!.token, { task_type: 'default' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('role viewer');
    expect((await call('POST', '/queue/flush', users.viewer!.token)).status).toBe(403);
    expect((await call('POST', '/users', users.viewer!.token, { email: 'x@y.z', password: PASSWORD, role: 'admin' })).status).toBe(403);
  });

  it("lets an operator create and cancel tasks, in the user's tenant only, but not control the queue", async () => {
    const created = await call('POST', '/tasks', users.operator!.token, { task_type: 'default' });
    expect(created.status).toBe(201);
    const [row] = await db.query<{ tenant: string; api_key_id: string }>(`SELECT tenant, api_key_id FROM tasks WHERE id = $1`, [
      created.body.id,
    ]);
    expect(row).toEqual({ tenant: 'acme', api_key_id: users.operator!.id });
    expect((await call('POST', `/tasks/${created.body.id as string}/cancel`, users.operator!.token)).status).toBe(200);
    expect((await call('POST', '/queue/flush', users.operator!.token)).status).toBe(403);
    const other = await call('POST', '/tasks', adminToken, { task_type: 'default' });
    expect((await call('GET', `/tasks/${other.body.id as string}`, users.viewer!.token)).status).toBe(404);
  });

  it('lists users for admins, never a password hash', async () => {
    const list = await call('GET', '/users', adminToken);
    expect((list.body.data as Json[]).map((user) => user.email)).toEqual([ADMIN_EMAIL, 'vera@acme.example', 'otto@acme.example']);
    expect(JSON.stringify(list.body)).not.toContain('scrypt');
  });

  it('refuses a second user with the same email, in any case', async () => {
    const again = await call('POST', '/users', adminToken, { email: 'Vera@Acme.example', password: PASSWORD, role: 'admin' });
    expect(again.status).toBe(409);
  });

  it('refuses a short password with a 400 naming the field', async () => {
    const short = await call('POST', '/users', adminToken, { email: 'new@acme.example', password: 'short', role: 'viewer' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain('password');
  });

  it('ends a session on sign-out, at once, and audits it', async () => {
    const signedIn = await signIn('vera@acme.example', PASSWORD);
    const token = signedIn.body.token as string;
    expect((await call('POST', '/auth/sign-out', token)).status).toBe(204);
    expect((await call('GET', '/tasks', token)).status).toBe(401);
    // The other session of the same user goes on.
    expect((await call('GET', '/tasks', users.viewer!.token)).status).toBe(200);
    const [row] = await db.query<{ revoked_at: Date | null }>(
      `SELECT revoked_at FROM user_sessions WHERE id = (SELECT max(id) FROM user_sessions WHERE revoked_at IS NOT NULL)`,
    );
    expect(row!.revoked_at).toBeInstanceOf(Date);
    await waitFor('the auth.sign_out audit entry', async () => (await auditRows('auth.sign_out')).length === 1);
    expect(await auditRows('auth.sign_out')).toEqual([
      expect.objectContaining({ actor: 'vera@acme.example', actor_key_id: users.viewer!.id, tenant: 'acme', status: 204 }),
    ]);
  });

  it('ends every session of a user an admin disables, and the user can no longer sign in', async () => {
    const disabled = await call('PATCH', `/users/${users.operator!.id}`, adminToken, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled_at).toEqual(expect.any(String));
    expect((await call('GET', '/tasks', users.operator!.token)).status).toBe(401);
    expect((await signIn('otto@acme.example', PASSWORD)).status).toBe(401);
    await waitFor('the user.update audit entry', async () => (await auditRows('user.update')).length === 1);
    expect((await auditRows('user.update'))[0]).toMatchObject({ actor: ADMIN_EMAIL, target: users.operator!.id });
  });

  it('lasts SESSION_TTL_HOURS (12 by default), and a session past its expiry no longer works', async () => {
    const signedIn = await signIn('vera@acme.example', PASSWORD);
    const token = signedIn.body.token as string;
    const [row] = await db.query<{ lifetime_s: number; id: string }>(
      `SELECT id, extract(epoch FROM expires_at - created_at)::int AS lifetime_s FROM user_sessions ORDER BY created_at DESC LIMIT 1`,
    );
    expect(row!.lifetime_s).toBe(12 * 3600);
    expect((await call('GET', '/tasks', token)).status).toBe(200);
    await db.query(`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [row!.id]);
    // Lookups are remembered for up to two seconds.
    await waitFor('the expired session to be refused', async () => (await call('GET', '/tasks', token)).status === 401);
  });

  it('ends the sessions of a user on request', async () => {
    const signedIn = await signIn('vera@acme.example', PASSWORD);
    const revoked = await call('DELETE', `/users/${users.viewer!.id}/sessions`, adminToken);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked).toBe(2); // the expired one is not counted
    expect((await call('GET', '/tasks', signedIn.body.token as string)).status).toBe(401);
  });
});

describe('signing in', () => {
  it('audits a sign-in with the user, and a failed one with the email tried', async () => {
    await signIn('nobody@example.com', 'wrong-password', { 'x-forwarded-for': '198.51.100.1' });
    await waitFor('the failed sign-in of nobody@example.com', async () =>
      (await auditRows('auth.sign_in_failed')).some((row) => row.actor === 'nobody@example.com'),
    );
    expect(await auditRows('auth.sign_in_failed')).toContainEqual(
      expect.objectContaining({ actor: 'nobody@example.com', actor_key_id: null, status: 401, source_ip: '198.51.100.1' }),
    );
    expect(await auditRows('auth.sign_in')).toContainEqual(
      expect.objectContaining({ actor: ADMIN_EMAIL, tenant: 'default', status: 200, target: expect.stringMatching(/^usr_/) }),
    );
    // No second, anonymous entry for the same refusal.
    expect(await db.query(`SELECT 1 FROM audit_log WHERE action = 'auth.failed' AND detail->>'route' = 'POST /auth/sign-in'`)).toEqual([]);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await signIn(ADMIN_EMAIL, 'not-the-password', { 'x-forwarded-for': '198.51.100.2' });
    const unknown = await signIn('ghost@example.com', 'not-the-password', { 'x-forwarded-for': '198.51.100.2' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('throttles an email after SIGN_IN_FAILURES_PER_ACCOUNT failures, from any address, even with the right password', async () => {
    const email = 'throttled@example.com';
    expect((await call('POST', '/users', adminToken, { email, password: PASSWORD, role: 'viewer' })).status).toBe(201);
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      expect((await signIn(email, 'guess-guess', { 'x-forwarded-for': address })).status).toBe(401);
    }
    const throttled = await signIn(email, PASSWORD, { 'x-forwarded-for': '192.0.2.4' });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(throttled.body.message).toContain('this email');
    await waitFor('the throttled sign-in', async () => (await auditRows('auth.sign_in_throttled')).some((row) => row.actor === email));
    expect(await auditRows('auth.sign_in_throttled')).toContainEqual(expect.objectContaining({ actor: email, status: 429 }));
    // Other people sign in all the same.
    expect((await signIn(ADMIN_EMAIL, ADMIN_PASSWORD, { 'x-forwarded-for': '192.0.2.4' })).status).toBe(200);
  });

  it('throttles an address after SIGN_IN_FAILURES_PER_ADDRESS failures, whatever the emails', async () => {
    const address = { 'x-forwarded-for': '203.0.113.9' };
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signIn(`guess-${attempt}@example.com`, 'guess-guess', address)).status).toBe(401);
    }
    const throttled = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD, address);
    expect(throttled.status).toBe(429);
    expect(throttled.body.message).toContain('this address');
    // Another address is not.
    expect((await signIn(ADMIN_EMAIL, ADMIN_PASSWORD, { 'x-forwarded-for': '203.0.113.10' })).status).toBe(200);
  });

  it('refuses a malformed body with 400', async () => {
    expect((await call('POST', '/auth/sign-in', undefined, { email: ADMIN_EMAIL })).status).toBe(400);
  });
});
