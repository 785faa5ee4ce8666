import type { TestDatabase, TestQueue } from '@atropos/testing';
import { AppProcess, createTestDatabase, createTestQueue, freePort, repoRoot } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Closed by default: compose publishes the API and the web on the host's loopback unless the
 * operator says otherwise, and an API with no key refuses to listen where others can reach it.
 */
let db: TestDatabase;
let queue: TestQueue;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  env = { DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix, API_KEYS: '' };
});

afterAll(async () => {
  await queue?.cleanUp();
  await db?.drop();
});

describe('docker-compose.yml', () => {
  const compose = readFileSync(path.join(repoRoot(), 'docker-compose.yml'), 'utf8');
  /** Every `- "…"` line under a `ports:` key. */
  const published = [...compose.matchAll(/^\s+ports:\n((?:\s+- .*\n)+)/gm)].flatMap((match) =>
    match[1]!
      .trim()
      .split('\n')
      .map((line) => line.trim().replace(/^- "?|"$/g, '')),
  );

  it('publishes the API and the web, each on a host address that defaults to loopback', () => {
    expect(published).toEqual(['${API_BIND:-127.0.0.1}:${PORT:-8000}:${PORT:-8000}', '${WEB_BIND:-127.0.0.1}:${WEB_PORT:-3000}:3000']);
  });

  it('tells the API the address its port is published on, which its open-API check judges', () => {
    expect(compose).toContain('PUBLISHED_ADDRESS: ${API_BIND:-127.0.0.1}');
  });
});

describe('an API without keys', () => {
  const spawnApi = async (extra: Record<string, string>) => {
    const port = await freePort();
    return { api: AppProcess.spawn('api', { ...env, ...extra, PORT: String(port) }), port };
  };

  it('refuses to listen on every interface, in one log line, and exits non-zero', async () => {
    const { api, port } = await spawnApi({ HOST: '0.0.0.0' });
    const exit = await api.exited;
    expect(exit.code).toBe(1);
    const lines = api.log.split('\n').filter((line) => line.includes('Refusing to start'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ALLOW_OPEN_API=true');
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }, 60_000);

  it('refuses a container published on a non-loopback address too', async () => {
    const { api } = await spawnApi({ HOST: '0.0.0.0', PUBLISHED_ADDRESS: '0.0.0.0' });
    expect((await api.exited).code).toBe(1);
    expect(api.log).toContain('PUBLISHED_ADDRESS=0.0.0.0');
  }, 60_000);

  it.each([
    ['on loopback (the default HOST)', {}],
    ['in a container published on loopback', { HOST: '0.0.0.0', PUBLISHED_ADDRESS: '127.0.0.1' }],
    ['when told ALLOW_OPEN_API=true', { HOST: '0.0.0.0', ALLOW_OPEN_API: 'true' }],
    ['with API_KEYS', { HOST: '0.0.0.0', API_KEYS: 'admin:closed-by-default-0123456789' }],
  ])(
    'starts %s',
    async (_case, extra: Record<string, string>) => {
      const { api, port } = await spawnApi(extra);
      try {
        await api.waitForLog('Listening on', 60_000);
        expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
      } finally {
        await api.stop();
      }
    },
    90_000,
  );
});
