import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Task, TaskDetail } from './platform.js';
import { Platform } from './platform.js';

/**
 * Command task types run by a real worker: the API and the worker read the same task-types.json
 * (CONFIG_DIR), the worker spawns the commands, and the outcome lands in PostgreSQL.
 */
const node = process.execPath;
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

const TASK_TYPES = [
  {
    name: 'print_arg',
    description: 'printf %s of one parameter.',
    parameters: { properties: { text: { type: 'string', maxLength: 500 } }, required: ['text'] },
    command: 'printf',
    args: ['%s', '{text}'],
    timeout_s: 10,
  },
  {
    name: 'progress_steps',
    description: 'Reports four progress steps.',
    command: node,
    args: [
      '-e',
      `(async () => { for (let i = 1; i <= 4; i++) { console.log('::progress:: ' + i * 25 + ' step ' + i); await new Promise((r) => setTimeout(r, 300)); } })()`,
    ],
  },
  {
    name: 'fail_loud',
    description: 'Complains and exits 3.',
    command: node,
    args: ['-e', `console.error('boom: disk full'); process.exit(3)`],
  },
  {
    name: 'sleepy',
    description: 'Outlives its timeout.',
    command: 'sleep',
    args: ['30'],
    timeout_s: 1,
  },
  {
    name: 'write_bytes',
    description: 'Writes every byte value to a file.',
    command: node,
    args: ['-e', `require('fs').writeFileSync('bytes.bin', Buffer.from(Array.from({ length: 256 }, (_, i) => i)))`],
    outputs: [{ name: 'bytes.bin', content_type: 'application/octet-stream' }],
  },
  {
    name: 'too_big',
    description: 'Writes more than ARTIFACT_MAX_BYTES.',
    command: node,
    args: ['-e', `require('fs').writeFileSync('big.txt', 'x'.repeat(5000))`],
    outputs: [{ name: 'big.txt', content_type: 'text/plain' }],
  },
  {
    name: 'missing_tool',
    description: 'A command that is not installed.',
    command: '/nonexistent/tool',
  },
];

let platform: Platform;

beforeAll(async () => {
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'atropos-config-'));
  writeFileSync(path.join(configDir, 'task-types.json'), JSON.stringify(TASK_TYPES, null, 2));
  platform = await Platform.start({ CONFIG_DIR: configDir, TASK_MAX_RETRIES: '1' });
  await platform.startWorker({ CONFIG_DIR: configDir, ARTIFACT_MAX_BYTES: '4096', WORKER_CONCURRENCY: '4' });
});

afterAll(async () => {
  await platform?.stop();
});

const run = async (taskType: string, parameters: Record<string, unknown> = {}): Promise<Task> => {
  const created = await platform.createTask(taskType, parameters);
  return platform.waitForStatus(created.id, ['completed', 'failed'], 30_000);
};

describe('a configured command task type', () => {
  it('is listed at GET /task-types with the JSON Schema of its parameters', async () => {
    const { body } = await platform.getJson('/task-types');
    expect(body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'print_arg',
          kind: 'command',
          parameters_schema: expect.objectContaining({
            type: 'object',
            required: ['text'],
            properties: { text: { type: 'string', maxLength: 500 } },
            additionalProperties: false,
          }),
        }),
        expect.objectContaining({ name: 'default', kind: 'built_in' }),
      ]),
    );
  });

  it('receives shell metacharacters in a parameter as one plain argument', async () => {
    const text = `; rm -rf / && $(whoami) | > * \`id\` 'single' "double" %s`;
    const task = await run('print_arg', { text });
    expect(task.status).toBe('completed');
    expect(task.result).toMatchObject({
      exit_code: 0,
      stdout: text,
      stderr: '',
      truncated: { stdout: false, stderr: false },
      duration_ms: expect.any(Number),
    });
  });

  it('updates the progress of its task from the progress lines it prints', async () => {
    const created = await platform.createTask('progress_steps');
    const seen = new Set<number>();
    let task = created;
    while (task.status !== 'completed' && task.status !== 'failed') {
      task = (await platform.getJson<Task>(`/tasks/${created.id}/status`)).body;
      if (task.status === 'processing') seen.add(task.progress);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    expect(task).toMatchObject({ status: 'completed', progress: 100, progress_message: 'step 4' });
    expect([...seen].some((percent) => percent > 0 && percent < 100)).toBe(true);
  });

  it('fails after its retries when it exits non-zero, with the exit code and stderr in the error', async () => {
    const task = await run('fail_loud');
    expect(task.status).toBe('failed');
    expect(task.attempts).toBe(2);
    expect(task.error).toBe('Command fail_loud exited with code 3; stderr: boom: disk full');
    expect(task.attempt_errors.map((entry) => entry.error)).toEqual([task.error, task.error]);
  });

  it('is killed when it outlives its timeout, and the task fails with a timeout error', async () => {
    const task = await run('sleepy');
    expect(task.status).toBe('failed');
    expect(task.error).toBe("Timed out: the attempt ran longer than the task's timeout of 1 s");
    // Nothing of the command is left running.
    const { stdout } = await import('node:child_process').then(({ execFileSync }) => ({
      stdout: execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }),
    }));
    expect(stdout.split('\n').filter((line) => line.trim() === 'sleep 30')).toEqual([]);
  });

  it('fails at once, clearly, when its command cannot be started', async () => {
    const task = await run('missing_tool');
    expect(task).toMatchObject({ status: 'failed', attempts: 1 });
    expect(task.error).toContain('Command "/nonexistent/tool" could not be started');
    expect(task.error).toContain('ENOENT');
  });
});

describe('artifacts', () => {
  it('a declared output becomes an artifact that downloads byte for byte with its content type', async () => {
    const task = await run('write_bytes');
    expect(task.status).toBe('completed');
    const { body } = await platform.getJson<TaskDetail>(`/tasks/${task.id}`);
    expect(body.artifacts).toEqual([
      {
        name: 'bytes.bin',
        content_type: 'application/octet-stream',
        size_bytes: 256,
        created_at: expect.any(String),
        url: `/tasks/${task.id}/artifacts/bytes.bin`,
      },
    ]);
    const download = await fetch(`${platform.api.baseUrl}${body.artifacts[0]!.url}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="bytes.bin"');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(ALL_BYTES);
  });

  it('report_generation saves its report as an artifact in its format', async () => {
    const task = await run('report_generation', { processing_time: 0, format: 'csv', sections: 2 });
    expect(task.status).toBe('completed');
    const download = await fetch(`${platform.api.baseUrl}/tasks/${task.id}/artifacts/report.csv`);
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await download.text()).toBe((task.result as { document: string }).document);
  });

  it('an artifact over ARTIFACT_MAX_BYTES fails the attempt, saying so', async () => {
    const task = await run('too_big');
    expect(task).toMatchObject({ status: 'failed', attempts: 1 });
    expect(task.error).toBe('Output "big.txt" is 5000 bytes, more than the 4096 bytes an artifact may have (ARTIFACT_MAX_BYTES)');
    expect((await platform.getJson<TaskDetail>(`/tasks/${task.id}`)).body.artifacts).toEqual([]);
  });

  it('are deleted with their task', async () => {
    const task = await run('write_bytes');
    expect((await platform.request('DELETE', `/tasks/${task.id}`)).status).toBe(204);
    expect(await platform.db.query('SELECT name FROM task_artifacts WHERE task_id = $1', [task.id])).toEqual([]);
    const download = await platform.getJson(`/tasks/${task.id}/artifacts/bytes.bin`);
    expect(download).toEqual({ status: 404, body: expect.objectContaining({ message: `No task with id ${task.id}` }) });
  });
});
