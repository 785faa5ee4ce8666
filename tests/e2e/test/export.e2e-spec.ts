import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Platform } from './platform.js';

/**
 * GET /tasks/export streams: 100,000 tasks of about 1 KB each (some 116 MB of CSV) go out whole,
 * newest first, while the API process's resident memory, sampled from /proc/<pid>/status
 * throughout, grows by less than 50 MB. Rows are written straight into the table (the export
 * reads, it does not care how they came); no worker runs. Each exported task reads as
 * GET /tasks/{id} shows it.
 */
const TASKS = 100_000;
const MAX_GROWTH_BYTES = 50 * 2 ** 20;

let platform: Platform;

/** The API process's resident set size, in bytes, as the kernel reports it. */
function apiRss(): number {
  const pid = platform.api.process.pid;
  if (pid === undefined) throw new Error('the API process has no pid');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kilobytes) throw new Error('no VmRSS in /proc/<pid>/status');
  return Number(kilobytes) * 1024;
}

/** Reads a streamed body line by line without keeping it, calling `onLine` for each complete line. */
async function eachLine(response: Response, onLine: (line: string) => void): Promise<void> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const lines = (rest + value).split('\n');
    rest = lines.pop()!;
    for (const line of lines) onLine(line);
  }
  if (rest !== '') onLine(rest);
}

beforeAll(async () => {
  platform = await Platform.start();
  // Task n is created n ms after the start of 2030, so newest first is n = TASKS down to 1; each
  // carries ~1 KB of parameters so that an export held in memory would show.
  await platform.db.query(
    `INSERT INTO tasks (id, task_type, status, name, labels, parameters, created_at)
     SELECT gen_random_uuid(), 'default', 'failed', 'export ' || n, '{"suite": "export"}',
            jsonb_build_object('n', n, 'padding', repeat('x', 1000)),
            timestamptz '2030-01-01T00:00:00Z' + n * interval '1 millisecond'
     FROM generate_series(1, $1) AS n`,
    [TASKS],
  );
  // Tasks the filter leaves out.
  await platform.db.query(
    `INSERT INTO tasks (id, task_type, status, labels) SELECT gen_random_uuid(), 'default', 'failed', '{"suite": "other"}' FROM generate_series(1, 50)`,
  );
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

describe('GET /tasks/export', () => {
  it(`streams ${TASKS.toLocaleString('en')} tasks as CSV, whole and newest first`, async () => {
    // A small export first, so that what the first export loads once (code, the query's plan) is not counted.
    const warmUp = await fetch(`${platform.api.baseUrl}/tasks/export?label.suite=other`);
    expect((await warmUp.text()).trimEnd().split('\n')).toHaveLength(51);

    const baseline = apiRss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, apiRss())), 50);
    try {
      const response = await fetch(`${platform.api.baseUrl}/tasks/export?format=csv&label.suite=export&status=failed`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="tasks-.+\.csv"$/);

      let header: string | undefined;
      let rows = 0;
      let expectedN = TASKS;
      let outOfOrder = 0;
      const ids = new Set<string>();
      await eachLine(response, (line) => {
        if (header === undefined) {
          header = line;
          return;
        }
        const cells = line.replace(/\r$/, '').split(',');
        ids.add(cells[0]!);
        // The name is `export <n>`: newest first means n counts down from TASKS.
        if (cells[1] !== `export ${expectedN}`) outOfOrder++;
        expectedN--;
        rows++;
      });
      expect(header).toMatch(/^id,name,task_type,status,labels,/);
      expect(rows).toBe(TASKS);
      expect(ids.size).toBe(TASKS);
      expect(outOfOrder).toBe(0);
    } finally {
      clearInterval(sampler);
    }
    process.stdout.write(
      `API resident memory: ${(baseline / 2 ** 20).toFixed(0)} MB before, peak ${((peak - baseline) / 2 ** 20).toFixed(0)} MB above it\n`,
    );
    expect(peak - baseline).toBeLessThan(MAX_GROWTH_BYTES);
  }, 300_000);

  it('streams JSON lines as GET /tasks shows each task, with the same filters', async () => {
    const response = await fetch(`${platform.api.baseUrl}/tasks/export?format=jsonl&label.suite=export&name=export%2099999`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await response.text()).trimEnd().split('\n');
    // "export 99999" and nothing else matches that name but itself.
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ name: 'export 99999', status: 'failed', labels: { suite: 'export' } });
  });

  it('writes every field of a task as GET /tasks/{id} shows it, and quotes and guards CSV cells', async () => {
    const plain = await platform.createTask('default', { processing_time: 1 }, { name: 'plain', labels: { suite: 'shape' } });
    const rich = await platform.createTask(
      'default',
      { processing_time: 1 },
      { name: '=SUM(A1)', labels: { suite: 'shape', customer: '42' }, priority: 9, concurrency: { key: 'customer-42', limit: 1 } },
    );
    // What a worker would have written: a failed attempt, a result, times with milliseconds.
    await platform.db.query(
      `UPDATE tasks SET status = 'failed', attempts = 2, progress = 40, progress_message = 'half way',
              error = $2, worker_id = 'host:1', result = '{"rows": 3, "ok": false}',
              attempt_errors = '[{"attempt": 1, "error": "first", "worker_id": "host:1", "failed_at": "2030-02-01T00:00:00.123Z"}]',
              started_at = timestamptz '2030-02-01T00:00:00.007Z', completed_at = timestamptz '2030-02-01T00:00:01.999Z',
              trace_id = '0af7651916cd43dd8448eb211c80319c', parameters = parameters || $3
        WHERE id = $1`,
      [rich.id, 'boom, "twice"\nline 2', JSON.stringify({ note: 'a, "quoted"\nline \\ \u0001' })],
    );
    const shown = async (id: string) => {
      const {
        artifacts: _artifacts,
        waiting_reason: _waiting,
        ...task
      } = (await platform.getJson<Record<string, unknown>>(`/tasks/${id}`)).body;
      return task;
    };

    const jsonl = await (await fetch(`${platform.api.baseUrl}/tasks/export?format=jsonl&label.suite=shape`)).text();
    const exported = jsonl
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(exported).toEqual([await shown(rich.id), await shown(plain.id)]);
    expect(Object.keys(exported[0]!)).toEqual(Object.keys(await shown(rich.id)));

    const csv = await (await fetch(`${platform.api.baseUrl}/tasks/export?format=csv&label.suite=shape`)).text();
    // A formula is defused, a cell with a comma, quote or line break is quoted with its quotes doubled.
    expect(csv).toContain(`${rich.id},'=SUM(A1),default,failed,`);
    expect(csv).toContain(',"boom, ""twice""\nline 2",host:1,');
    expect(csv).toContain(',2030-02-01T00:00:00.007Z,2030-02-01T00:00:01.999Z,');
    expect(csv).toContain(`${plain.id},plain,default,pending,`);
  });

  it('answers 400 for a bad format or filter before sending anything, and an empty CSV for no match', async () => {
    const format = await platform.getJson<{ message: string }>('/tasks/export?format=xml');
    expect(format.status).toBe(400);
    expect(format.body.message).toMatch(/^format: /);
    const paging = await platform.getJson<{ message: string }>('/tasks/export?limit=10');
    expect(paging.status).toBe(400);
    const type = await platform.getJson<{ message: string }>('/tasks/export?task_type=nope');
    expect(type.status).toBe(400);
    const none = await fetch(`${platform.api.baseUrl}/tasks/export?label.suite=absent`);
    expect(none.status).toBe(200);
    expect(await none.text()).toMatch(/^id,name,task_type,status,[^\n]*\n$/);
    const noLines = await fetch(`${platform.api.baseUrl}/tasks/export?format=jsonl&label.suite=absent`);
    expect(noLines.status).toBe(200);
    expect(noLines.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(noLines.headers.get('content-disposition')).toMatch(/^attachment; filename="tasks-.+\.jsonl"$/);
    expect(await noLines.text()).toBe('');
  });

  it('stops reading the table when the client goes away', async () => {
    const abort = new AbortController();
    const response = await fetch(`${platform.api.baseUrl}/tasks/export?label.suite=export`, { signal: abort.signal });
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    await platform.api.process.waitForLog('Export stopped after', 30_000);
    // Still answering.
    expect((await platform.getJson('/tasks?limit=1')).status).toBe(200);
  });
});
