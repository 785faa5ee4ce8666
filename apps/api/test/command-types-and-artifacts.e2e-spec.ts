import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { AppProcess, createTestDatabase, createTestQueue, startApi } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The API's side of command task types and artifacts, without a worker: validation against a
 * configured type's schema, and artifacts (written here as the worker would) listed, downloaded
 * and deleted with their task.
 */
let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

const GREET = {
  name: 'greet',
  description: 'Says hello.',
  parameters: {
    properties: {
      who: { type: 'string', maxLength: 20, pattern: '^[a-z]+$', default: 'world' },
      times: { type: 'integer', minimum: 1, maximum: 3, default: 1 },
    },
  },
  command: '/bin/echo',
  args: ['hello', '{who}', '{times}'],
  timeout_s: 60,
};

function configDirWith(types: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atropos-config-'));
  writeFileSync(path.join(dir, 'task-types.json'), JSON.stringify(types));
  return dir;
}

const post = (route: string, body: unknown) =>
  fetch(`${api.baseUrl}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** The parts of the answers these tests read. */
type TaskPage = { data: Array<{ task_type: string }> };
type ErrorBody = { message: string };

const getJson = async (route: string) => {
  const response = await fetch(`${api.baseUrl}${route}`);
  return { status: response.status, body: await response.json() };
};

async function finishedTask(): Promise<string> {
  const created = (await (await post('/tasks', { task_type: 'greet' })).json()) as { id: string };
  // As a worker would: claimed, then completed (the status guard allows no jump from pending).
  await db.query(`UPDATE tasks SET status = 'processing' WHERE id = $1`, [created.id]);
  await db.query(`UPDATE tasks SET status = 'completed', completed_at = now() WHERE id = $1`, [created.id]);
  return created.id;
}

async function saveArtifact(taskId: string, name: string, contentType: string, content: Buffer): Promise<void> {
  await db.query(`INSERT INTO task_artifacts (task_id, name, content_type, size_bytes, content) VALUES ($1, $2, $3, $4, $5)`, [
    taskId,
    name,
    contentType,
    content.length,
    content,
  ]);
}

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    CONFIG_DIR: configDirWith([GREET]),
  });
});

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('a configured task type', () => {
  it('is listed at GET /task-types after the built-in ones, with its JSON Schemas, example and (no) live workers', async () => {
    const body = (await getJson('/task-types')).body as unknown[];
    expect(body.at(-1)).toMatchObject({
      name: 'greet',
      description: 'Says hello.',
      kind: 'command',
      parameters_schema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          who: { type: 'string', maxLength: 20, pattern: '^[a-z]+$', default: 'world' },
          times: { type: 'integer', minimum: 1, maximum: 3, default: 1 },
        },
        additionalProperties: false,
      },
      example: { who: 'world', times: 1 },
      // Every command type's result has the one shape the worker gives it.
      result_schema: expect.objectContaining({
        type: 'object',
        required: ['exit_code', 'stdout', 'stderr', 'truncated', 'duration_ms', 'artifacts'],
        additionalProperties: false,
      }),
      timeout_s: 60,
      max_retries: expect.any(Number),
      fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      workers: 0,
      note: expect.stringContaining('No live worker serves this type'),
      conflict: null,
    });
  });

  it('accepts valid parameters, filling in defaults and its timeout', async () => {
    const response = await post('/tasks', { task_type: 'greet', parameters: { who: 'ada' } });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ parameters: { who: 'ada', times: 1 }, timeout_s: 60, status: 'pending' });
  });

  it.each([
    [{ who: 'Ada' }, 'parameters.who'],
    [{ times: 4 }, 'parameters.times'],
    [{ times: 'twice' }, 'parameters.times'],
    [{ colour: 'red' }, 'parameters.colour'],
  ])('refuses invalid parameters %j with 400 naming %s', async (parameters, field) => {
    const response = await post('/tasks', { task_type: 'greet', parameters });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(field);
  });

  it('refuses a timeout longer than the one the operator set', async () => {
    const response = await post('/tasks', { task_type: 'greet', timeout_s: 61 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('timeout_s: must be at most 60 for task type greet');
    expect((await post('/tasks', { task_type: 'greet', timeout_s: 30 })).status).toBe(201);
  });

  it('can filter the task list, while an unknown type there gets 400 listing the valid ones', async () => {
    const body = (await getJson('/tasks?task_type=greet')).body as TaskPage;
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((task) => task.task_type === 'greet')).toBe(true);
    const unknown = await getJson('/tasks?task_type=nope');
    expect(unknown.status).toBe(400);
    expect((unknown.body as ErrorBody).message).toContain('greet');
  });

  it('counts in the stats by type', async () => {
    const body = (await getJson('/tasks/stats')).body as { by_type: Record<string, number> };
    expect(body.by_type.greet).toBeGreaterThan(0);
  });
});

describe('artifacts', () => {
  it('are listed on the task and download byte for byte with their content type', async () => {
    const id = await finishedTask();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i));
    await saveArtifact(id, 'all-bytes.bin', 'application/octet-stream', bytes);
    await saveArtifact(id, 'notes.md', 'text/markdown; charset=utf-8', Buffer.from('# Größe\n'));

    const body = (await getJson(`/tasks/${id}`)).body as { artifacts: Array<{ name: string; size_bytes: number; url: string }> };
    expect(body.artifacts.map((a) => [a.name, a.size_bytes, a.url])).toEqual([
      ['all-bytes.bin', 256, `/tasks/${id}/artifacts/all-bytes.bin`],
      ['notes.md', 10, `/tasks/${id}/artifacts/notes.md`],
    ]);
    // Not in the list endpoint: it stays one query per page.
    expect(((await getJson('/tasks?task_type=greet')).body as TaskPage).data[0]).not.toHaveProperty('artifacts');

    const binary = await fetch(`${api.baseUrl}/tasks/${id}/artifacts/all-bytes.bin`);
    expect(binary.status).toBe(200);
    expect(binary.headers.get('content-type')).toBe('application/octet-stream');
    expect(binary.headers.get('content-length')).toBe('256');
    expect(binary.headers.get('content-disposition')).toBe('attachment; filename="all-bytes.bin"');
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(bytes);

    const text = await fetch(`${api.baseUrl}/tasks/${id}/artifacts/notes.md`);
    expect(text.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await text.text()).toBe('# Größe\n');
  });

  it('download a chunk at a time from PostgreSQL, never mixing two versions of a file', async () => {
    const id = await finishedTask();
    // Far more than the socket buffers between the API and this test hold: the API must read on
    // as the client reads, a 256 KiB chunk at a time.
    const big = randomBytes(32 * 1024 * 1024 + 7);
    await saveArtifact(id, 'big.bin', 'application/octet-stream', big);
    const whole = await fetch(`${api.baseUrl}/tasks/${id}/artifacts/big.bin`);
    expect(whole.headers.get('content-length')).toBe(String(big.length));
    expect(Buffer.from(await whole.arrayBuffer()).equals(big)).toBe(true);

    // A retry replaces the file while a download is under way: the download is cut short rather
    // than finished with the new file's bytes (a whole-file read would have sent the old one).
    const download = await fetch(`${api.baseUrl}/tasks/${id}/artifacts/big.bin`);
    const reader = download.body!.getReader();
    // The body's chunks are bytes (fetch types them as any).
    const read = async () => (await reader.read()) as { value?: Uint8Array; done: boolean };
    let received = (await read()).value?.length ?? 0;
    await db.query(`UPDATE task_artifacts SET content = $3, size_bytes = $4 WHERE task_id = $1 AND name = $2`, [
      id,
      'big.bin',
      Buffer.alloc(big.length, 1),
      big.length,
    ]);
    const cut = await (async () => {
      for (;;) {
        const { done, value } = await read();
        if (done) return false;
        received += value?.length ?? 0;
      }
    })().catch(() => true);
    expect(cut).toBe(true);
    expect(received).toBeLessThan(big.length);
  });

  it('answer 404 naming what is missing, and 400 for a name that is no file name', async () => {
    const id = await finishedTask();
    await saveArtifact(id, 'a.txt', 'text/plain', Buffer.from('a'));
    expect(await getJson(`/tasks/${id}/artifacts/b.txt`)).toEqual({
      status: 404,
      body: expect.objectContaining({ message: `Task ${id} has no artifact named "b.txt"; its artifacts are a.txt` }),
    });
    const unknownTask = '0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21';
    expect(await getJson(`/tasks/${unknownTask}/artifacts/a.txt`)).toEqual({
      status: 404,
      body: expect.objectContaining({ message: `No task with id ${unknownTask}` }),
    });
    // (A bare '..' never gets here: URL resolution turns …/artifacts/.. into the task's own route.)
    for (const name of ['a..b', '.hidden', 'a%2Fb', 'a%20b', 'x'.repeat(201)]) {
      const answer = await getJson(`/tasks/${id}/artifacts/${name}`);
      expect([answer.status, (answer.body as ErrorBody).message]).toEqual([400, expect.stringContaining('name')]);
    }
  });

  it('are deleted with their task', async () => {
    const id = await finishedTask();
    await saveArtifact(id, 'a.txt', 'text/plain', Buffer.from('a'));
    expect((await fetch(`${api.baseUrl}/tasks/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await db.query('SELECT 1 FROM task_artifacts WHERE task_id = $1', [id])).toEqual([]);
  });
});

describe('an invalid task-types.json', () => {
  it('stops the API and the worker at start with a message naming the file, the entry and the field', async () => {
    const dir = configDirWith([GREET, { ...GREET, name: 'shout', args: ['{volume}'] }]);
    const file = path.join(dir, 'task-types.json');
    const env = { DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix, CONFIG_DIR: dir };
    for (const app of ['api', 'worker'] as const) {
      const process = AppProcess.spawn(app, env);
      expect(await process.exited).toEqual({ code: 1, signal: null });
      expect(process.log).toContain(
        `Invalid ${file}: task type 1 ("shout"), field args.0: refers to {volume}, which is not a parameter (declared: who, times)`,
      );
    }
  });
});
