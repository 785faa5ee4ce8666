import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@atropos/testing';
import { readEventStream } from './event-stream.js';
import { Platform } from './platform.js';

/**
 * Each attempt's log (GET /tasks/{id}/logs and its live stream) and the apps' own structured
 * logs: JSON lines whose task lines carry the task's id, attempt, type and worker, and whose
 * request lines carry the request id.
 */

const MAX_LINES = 5;

interface LogLine {
  id: string;
  task_id: string;
  attempt: number;
  level: string;
  message: string;
  fields: Record<string, unknown> | null;
  time: string;
}

let platform: Platform;

beforeAll(async () => {
  platform = await Platform.start({ LOG_FORMAT: 'json', LOG_LEVEL: 'debug' });
  await platform.startWorker({ LOG_FORMAT: 'json', LOG_LEVEL: 'debug', TASK_LOG_MAX_LINES: String(MAX_LINES), WORKER_ID: 'logs-worker' });
});

afterAll(async () => {
  await platform?.stop();
});

async function logsOf(id: string, query = ''): Promise<{ data: LogLine[]; next_cursor: string | null }> {
  const { status, body } = await platform.getJson<{ data: LogLine[]; next_cursor: string | null }>(`/tasks/${id}/logs${query}`);
  if (status !== 200) throw new Error(`GET /tasks/${id}/logs${query} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** The `log` events of GET /tasks/{id}/logs/stream, as they arrive. */
function follow(url: string) {
  const stream = readEventStream<{ lines: LogLine[] }>(url);
  return { ...stream, logEvents: () => stream.events.filter((event) => event.event === 'log') };
}

describe("an attempt's log", () => {
  it('streams what the handler writes while it runs, and keeps it for GET /tasks/{id}/logs', async () => {
    const task = await platform.createTask('default', { processing_time: 2 });
    const stream = follow(`${platform.api.baseUrl}/tasks/${task.id}/logs/stream`);
    await stream.opened;
    const firstLive = await waitFor('a live log line', () => stream.logEvents()[0]);
    const done = await platform.waitForStatus(task.id, ['completed']);
    // The first line arrived while the task was still running.
    expect(firstLive.at).toBeLessThan(Date.parse(done.completed_at!));
    await waitFor('every line on the stream', () => stream.logEvents().flatMap((event) => event.data.lines).length === 5);
    stream.close();

    const streamed = stream.logEvents().flatMap((event) => event.data.lines);
    const { data, next_cursor } = await logsOf(task.id);
    expect(next_cursor).toBeNull();
    expect(streamed).toEqual(data);
    expect(data.map((line) => line.message)).toEqual([
      'Waiting 2 s in 4 steps',
      'Waited 0.5 of 2 s',
      'Waited 1.0 of 2 s',
      'Waited 1.5 of 2 s',
      'Waited 2.0 of 2 s',
    ]);
    expect(data[1]).toMatchObject({ task_id: task.id, attempt: 1, level: 'info', fields: { step: 1, steps: 4 } });
    // Each event's id is its last line's, for a reconnecting EventSource.
    expect(stream.logEvents().at(-1)!.id).toBe(data.at(-1)!.id);

    // Pages by cursor, and a stream opened later starts after the line it is given.
    const first = await logsOf(task.id, '?limit=2');
    expect(first.data.map((line) => line.id)).toEqual(data.slice(0, 2).map((line) => line.id));
    const second = await logsOf(task.id, `?limit=2&cursor=${first.next_cursor!}`);
    expect(second.data.map((line) => line.id)).toEqual(data.slice(2, 4).map((line) => line.id));
    const resumed = follow(`${platform.api.baseUrl}/tasks/${task.id}/logs/stream?after=${data[2]!.id}`);
    await resumed.opened;
    await waitFor('the lines after the cursor', () => resumed.logEvents().flatMap((event) => event.data.lines).length === 2);
    resumed.close();
    expect(resumed.logEvents().flatMap((event) => event.data.lines)).toEqual(data.slice(3));
  });

  it('keeps each attempt apart, filtered by attempt and level', async () => {
    const task = await platform.createTask('default', { processing_time: 1, fail_attempts: 1 });
    await platform.waitForStatus(task.id, ['completed']);
    const all = (await logsOf(task.id)).data;
    expect(all.map((line) => [line.attempt, line.level])).toEqual([
      [1, 'error'],
      [2, 'info'],
      [2, 'info'],
      [2, 'info'],
      [2, 'info'],
      [2, 'info'],
    ]);
    expect(all[0]!.message).toMatch(/^Attempt 1 failed: Simulated failure of attempt 1/);
    expect((await logsOf(task.id, '?attempt=1')).data).toEqual(all.slice(0, 1));
    expect((await logsOf(task.id, '?level=warn,error')).data).toEqual(all.slice(0, 1));
    expect((await logsOf(task.id, '?attempt=2&level=info')).data).toEqual(all.slice(1));
  });

  it('keeps TASK_LOG_MAX_LINES lines of an attempt and says how many it dropped', async () => {
    const task = await platform.createTask('data_processing', { processing_time: 0.5, record_count: 1000 });
    await platform.waitForStatus(task.id, ['completed']);
    const { data } = await logsOf(task.id);
    expect(data).toHaveLength(MAX_LINES + 1);
    expect(data.slice(0, MAX_LINES).map((line) => line.level)).toEqual(Array(MAX_LINES).fill('info'));
    expect(data.at(-1)).toMatchObject({
      level: 'warn',
      message: `… 6 line(s) dropped: an attempt's log keeps its first ${MAX_LINES} lines (TASK_LOG_MAX_LINES)`,
    });
  });

  it("holds a command's output lines, and goes with its task", async () => {
    const task = await platform.createTask('echo_text', { text: 'first line' });
    await platform.waitForStatus(task.id, ['completed']);
    const { data } = await logsOf(task.id);
    expect(data).toEqual([expect.objectContaining({ level: 'info', message: 'first line', fields: { stream: 'stdout' } })]);

    expect((await platform.request('DELETE', `/tasks/${task.id}`)).status).toBe(204);
    expect(await platform.db.query(`SELECT id FROM task_logs WHERE task_id = $1`, [task.id])).toEqual([]);
    expect((await platform.getJson(`/tasks/${task.id}/logs`)).status).toBe(404);
  });

  it('answers 400 for a bad filter and 404 for an unknown task', async () => {
    const task = await platform.createTask('default', { processing_time: 0 });
    for (const query of ['?level=loud', '?attempt=0', '?cursor=abc', '?limit=5000', '?since=1']) {
      expect((await platform.getJson(`/tasks/${task.id}/logs${query}`)).status).toBe(400);
    }
    expect((await platform.getJson('/tasks/not-a-uuid/logs')).status).toBe(400);
    expect((await platform.getJson('/tasks/00000000-0000-4000-8000-000000000000/logs')).status).toBe(404);
    expect((await fetch(`${platform.api.baseUrl}/tasks/00000000-0000-4000-8000-000000000000/logs/stream`)).status).toBe(404);
  });
});

/** The JSON lines a process printed (LOG_FORMAT=json). */
function jsonLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the apps' own logs", () => {
  it('name the task, attempt, type and worker on every line about a task, and never its parameters', async () => {
    const task = await platform.createTask('default', { processing_time: 0, fail_attempts: 1, message: 'do-not-log-me' });
    await platform.waitForStatus(task.id, ['completed']);
    const worker = platform.workers[0]!;
    await waitFor('the second attempt logged', () =>
      jsonLines(worker.log).some((line) => line['task_id'] === task.id && line['attempt'] === 2 && line['msg'] === 'Attempt completed'),
    );
    const about = jsonLines(worker.log).filter((line) => line['task_id'] === task.id);
    expect(about.map((line) => line['msg'])).toEqual(
      expect.arrayContaining([
        'Attempt started',
        'Attempt retried',
        'Attempt completed',
        expect.stringMatching(/attempt 1\/4 failed, will retry/),
      ]),
    );
    for (const line of about) {
      expect(line).toMatchObject({ task_id: task.id, task_type: 'default', worker_id: 'logs-worker', attempt: expect.any(Number) });
      expect(line).toMatchObject({ level: expect.stringMatching(/^(debug|info|warn|error)$/), time: expect.any(String) });
    }
    // The retry's warning is a line of its own attempt.
    expect(about.find((line) => String(line['msg']).includes('will retry'))).toMatchObject({ level: 'warn', attempt: 1 });
    expect(worker.log).not.toContain('do-not-log-me');
    expect(platform.api.process.log).not.toContain('do-not-log-me');
  });

  it('give every request an id, taken from X-Request-Id or made, and send it back', async () => {
    const sent = await fetch(`${platform.api.baseUrl}/tasks?limit=1`, { headers: { 'X-Request-Id': 'client-chosen-id-42' } });
    expect(sent.headers.get('x-request-id')).toBe('client-chosen-id-42');
    const made = await fetch(`${platform.api.baseUrl}/tasks?limit=1`, { headers: { 'X-Request-Id': 'no spaces or <html> here' } });
    const madeId = made.headers.get('x-request-id');
    expect(madeId).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await fetch(`${platform.api.baseUrl}/tasks/00000000-0000-4000-8000-000000000000`, {
      headers: { 'X-Request-Id': 'not-found-request', Authorization: 'Bearer should-not-be-logged' },
    });
    expect(missing.status).toBe(404);

    const api = platform.api.process;
    const lines = await waitFor('the request lines', () => {
      const found = jsonLines(api.log).filter((line) =>
        ['client-chosen-id-42', madeId, 'not-found-request'].includes(line['req_id'] as string),
      );
      return found.length === 3 ? found : undefined;
    });
    expect(lines.find((line) => line['req_id'] === 'client-chosen-id-42')).toMatchObject({
      level: 'debug',
      req: { method: 'GET', url: '/tasks?limit=1' },
      res: { status: 200 },
      duration_ms: expect.any(Number),
    });
    expect(lines.find((line) => line['req_id'] === 'not-found-request')).toMatchObject({ level: 'warn', res: { status: 404 } });
    expect(api.log).not.toContain('should-not-be-logged');
  });
});
