import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/** `atropos keys create|list|revoke`, the built bin as a user runs it, against an API with an admin key. */
const cliPath = path.join(path.dirname(createRequire(import.meta.url).resolve('@atropos/client/package.json')), 'dist', 'cli', 'main.js');
const ADMIN = 'cli-keys-admin-0123456789abcdef';

let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

function atropos(args: string[], apiKey: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const { NODE_OPTIONS: _jestVmModules, ...inherited } = process.env;
    execFile(
      process.execPath,
      [cliPath, ...args],
      { env: { ...inherited, ATROPOS_URL: api.baseUrl, ATROPOS_API_KEY: apiKey }, timeout: 50_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({ DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix, API_KEYS: `admin:${ADMIN}` });
}, 60_000);

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('atropos keys', () => {
  it('creates a key for a tenant, prints its secret once, lists it without the secret, and revokes it', async () => {
    const created = await atropos(['keys', 'create', 'billing', '--scope', 'write', '--tenant', 'acme', '--expires-in', '30'], ADMIN);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^atr_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/Created key [0-9a-f]{16} \(billing\): scope write, tenant acme/);

    // The new key works at once, in its tenant.
    const task = await atropos(['tasks', 'create', 'default', '--json'], secret);
    expect(task.code).toBe(0);
    expect((JSON.parse(task.stdout) as { tenant: string }).tenant).toBe('acme');

    const listed = await atropos(['keys', 'list'], ADMIN);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/billing\s+acme\s+write\s+active/);
    expect(listed.stdout).not.toContain(secret);
    const { id } = (JSON.parse((await atropos(['keys', 'list', '--json'], ADMIN)).stdout) as Array<{ id: string }>)[0]!;

    // Only an admin key manages keys; the API's answer is the CLI's message, exit code 1.
    const refused = await atropos(['keys', 'revoke', id], secret);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('admin scope');

    const revoked = await atropos(['keys', 'revoke', id], ADMIN);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked key ${id} (billing, tenant acme)`);
    await waitFor('the revoked key to be refused', async () => (await atropos(['tasks', 'list'], secret)).code === 1);
    expect((await atropos(['keys', 'list'], ADMIN)).stdout).toMatch(/billing\s+acme\s+write\s+revoked/);
  }, 90_000);

  it('says what is wrong with a scope it does not know (exit code 2)', async () => {
    const run = await atropos(['keys', 'create', 'x', '--scope', 'root'], ADMIN);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Allowed choices are read, write, admin, worker, metrics');
  });
});
