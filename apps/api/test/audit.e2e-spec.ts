import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/** The audit log: one entry per change and per refused authentication, read back through GET /audit. */
const ADMIN = 'audit-admin-0123456789abcdef';
const ACME = 'audit-acme-write-0123456789abcdef';
const ACME_READ = 'audit-acme-read-0123456789abcdef';

interface Entry {
  id: string;
  at: string;
  actor: string;
  actor_key_id: string | null;
  tenant: string | null;
  action: string;
  target: string | null;
  status: number;
  source_ip: string | null;
  request_id: string | null;
  detail: Record<string, unknown> | null;
}

let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

const call = async (method: string, path: string, key: string | undefined, body?: unknown) => {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
};

const entries = async (query = '') => (await call('GET', `/audit?limit=200${query}`, ADMIN)).body.data as Entry[];

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    API_KEYS: `admin:${ADMIN},write@acme:${ACME},read@acme:${ACME_READ}`,
  });
}, 60_000);

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('the audit log', () => {
  it('records each change with its actor, tenant, target, outcome and source, and nothing for reads', async () => {
    const task = (await call('POST', '/tasks', ACME, { task_type: 'default' })).body.id as string;
    await call('GET', `/tasks/${task}`, ACME);
    expect((await call('POST', `/tasks/${task}/cancel`, ACME)).status).toBe(200);
    expect((await call('POST', `/tasks/${task}/cancel`, ACME)).status).toBe(409);
    expect((await call('POST', `/tasks/${task}/retry`, ACME)).status).toBe(202);
    expect((await call('POST', `/tasks/${task}/cancel`, ACME)).status).toBe(200);
    expect((await call('DELETE', `/tasks/${task}`, ACME)).status).toBe(204);
    const run = (await call('POST', '/workflows/sales-report/runs', ACME, { input: { title: 'Q', sections: 1 } })).body.id as string;
    expect((await call('POST', `/workflow-runs/${run}/pause`, ACME)).status).toBe(200);
    expect((await call('POST', `/workflow-runs/${run}/cancel`, ACME)).status).toBe(200);
    for (const action of ['pause', 'resume', 'flush']) expect((await call('POST', `/queue/${action}`, ADMIN)).status).toBe(200);
    const key = (await call('POST', '/api-keys', ADMIN, { name: 'ci', scope: 'read', tenant: 'acme' })).body.id as string;
    expect((await call('DELETE', `/api-keys/${key}`, ADMIN)).status).toBe(200);

    const expected: Array<[string, string | null, string, string | null, number]> = [
      ['task.create', task, 'env:', 'acme', 201],
      ['task.cancel', task, 'env:', 'acme', 200],
      ['task.retry', task, 'env:', 'acme', 202],
      ['task.delete', task, 'env:', 'acme', 204],
      ['workflow.start', run, 'env:', 'acme', 201],
      ['workflow_run.pause', run, 'env:', 'acme', 200],
      ['workflow_run.cancel', run, 'env:', 'acme', 200],
      ['queue.pause', null, 'env:', 'default', 200],
      ['queue.resume', null, 'env:', 'default', 200],
      ['queue.flush', null, 'env:', 'default', 200],
      ['api_key.create', key, 'env:', 'default', 201],
      ['api_key.revoke', key, 'env:', 'default', 200],
    ];
    await waitFor('every entry', async () => (await entries()).length >= expected.length + 1);
    const log = (await entries()).reverse();
    expect(log.some((entry) => entry.action.startsWith('GET'))).toBe(false);
    for (const [action, target, actor, tenant, status] of expected) {
      const entry = log.find((candidate) => candidate.action === action && candidate.target === target);
      expect(entry).toMatchObject({ action, target, tenant, status, source_ip: expect.stringMatching(/127\.0\.0\.1/) });
      expect(entry!.actor.startsWith(actor)).toBe(true);
      expect(entry!.actor_key_id).toEqual(expect.stringMatching(/^[0-9a-f]{8}$/));
      expect(entry!.request_id).toEqual(expect.any(String));
      expect(Date.parse(entry!.at)).toBeGreaterThan(Date.now() - 120_000);
    }
    // The second cancel was refused (409): recorded with its outcome.
    expect(log.filter((entry) => entry.action === 'task.cancel').map((entry) => entry.status)).toEqual([200, 409, 200]);
  }, 60_000);

  it('records refused authentications and refused scopes, never the key sent', async () => {
    expect((await call('POST', '/tasks', undefined, { task_type: 'default' })).status).toBe(401);
    expect((await call('GET', '/tasks', 'not-a-key-but-a-guess-123456')).status).toBe(401);
    expect((await call('POST', '/queue/flush', ACME)).status).toBe(403);
    await waitFor('the refusals', async () => (await entries('&action=auth.failed')).length >= 2);
    const failed = await entries('&action=auth.failed');
    expect(failed.map((entry) => entry.detail)).toEqual([
      { route: 'GET /tasks', reason: 'invalid key' },
      { route: 'POST /tasks', reason: 'no key' },
    ]);
    expect(failed[0]).toMatchObject({ actor: 'anonymous', tenant: null, status: 401, actor_key_id: null });
    expect(JSON.stringify(await entries())).not.toContain('not-a-key-but-a-guess');
    await waitFor('the refused flush', async () => (await entries('&action=queue.flush')).some((entry) => entry.status === 403));
    const [denied] = (await entries('&action=queue.flush')).filter((entry) => entry.status === 403);
    expect(denied).toMatchObject({ tenant: 'acme', status: 403 });
  });

  it('filters by tenant, action, actor and target, and pages with a cursor', async () => {
    const acme = await entries('&tenant=acme');
    expect(acme.length).toBeGreaterThan(0);
    expect(acme.every((entry) => entry.tenant === 'acme')).toBe(true);
    const byActor = await entries(`&actor=${acme[0]!.actor}`);
    expect(byActor.every((entry) => entry.actor === acme[0]!.actor)).toBe(true);
    const target = acme.find((entry) => entry.action === 'task.delete')!.target!;
    expect((await entries(`&target=${target}`)).map((entry) => entry.action).sort()).toEqual([
      'task.cancel',
      'task.cancel',
      'task.cancel',
      'task.create',
      'task.delete',
      'task.retry',
    ]);
    const all = await entries();
    const first = await call('GET', '/audit?limit=3', ADMIN);
    const second = await call('GET', `/audit?limit=3&cursor=${first.body.next_cursor as string}`, ADMIN);
    expect([...(first.body.data as Entry[]), ...(second.body.data as Entry[])].map((entry) => entry.id)).toEqual(
      all.slice(0, 6).map((entry) => entry.id),
    );
    expect((await call('GET', '/audit?cursor=abc', ADMIN)).status).toBe(400);
    expect((await call('GET', '/audit?after=yesterday', ADMIN)).status).toBe(400);
  });

  it('is for admin keys only', async () => {
    expect((await call('GET', '/audit', ACME_READ)).status).toBe(403);
    expect((await call('GET', '/audit', ACME)).status).toBe(403);
  });
});
