import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * `atropos users create|list|disable|sign-out`, the built bin as a user runs it: the first admin
 * created on an API that has no keys or users yet (loopback, open), which closes it; then the
 * users managed with that admin's session.
 */
const cliPath = path.join(path.dirname(createRequire(import.meta.url).resolve('@atropos/client/package.json')), 'dist', 'cli', 'main.js');
const PASSWORD = 'cli-admin-password-1';

let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

function atropos(args: string[], apiKey: string, stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const { NODE_OPTIONS: _jestVmModules, ...inherited } = process.env;
    const child = execFile(
      process.execPath,
      [cliPath, ...args],
      { env: { ...inherited, ATROPOS_URL: api.baseUrl, ATROPOS_API_KEY: apiKey }, timeout: 50_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({ DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix });
}, 60_000);

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('atropos users', () => {
  let token: string;

  it('creates the first admin on an API with no keys or users yet, the password read from stdin', async () => {
    const created = await atropos(['users', 'create', 'root@example.com', '--role', 'admin', '--password-stdin'], '', `${PASSWORD}\n`);
    expect(created).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Created user usr_[0-9a-f]{12} \(root@example.com\): role admin, tenant default/),
    });
    // From now on the API asks who is calling.
    expect((await fetch(`${api.baseUrl}/tasks`)).status).toBe(401);
    const signedIn = await fetch(`${api.baseUrl}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'root@example.com', password: PASSWORD }),
    });
    expect(signedIn.status).toBe(200);
    token = ((await signedIn.json()) as { token: string }).token;
  });

  it("creates, lists, signs out and disables users with an admin's session", async () => {
    const created = await atropos(
      ['users', 'create', 'ops@acme.example', '--role', 'operator', '--tenant', 'acme', '--password-stdin', '--json'],
      token,
      'operator-password-1',
    );
    expect(created.code).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const listed = await atropos(['users', 'list'], token);
    expect(listed.stdout).toMatch(/ops@acme\.example\s+operator\s+acme\s+active/);
    expect((await atropos(['users', 'sign-out', id], token)).stdout).toBe(`Ended 0 sessions of user ${id}\n`);
    expect((await atropos(['users', 'disable', id], token)).stdout).toBe(`Disabled user ${id} (ops@acme.example)\n`);
    expect((await atropos(['users', 'list'], token)).stdout).toMatch(/ops@acme\.example\s+operator\s+acme\s+disabled/);
  });

  it("refuses a short password with the API's message and exit code 2, as any input refused", async () => {
    const refused = await atropos(['users', 'create', 'x@example.com', '--role', 'viewer', '--password-stdin'], token, 'short');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('password');
  });
});
