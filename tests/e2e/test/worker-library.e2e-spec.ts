import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppProcess, repoRoot, waitFor } from '@atropos/testing';
import { Platform } from './platform.js';
import type { ScratchProject } from './scratch-project.js';
import { installExampleProject } from './scratch-project.js';

/**
 * Bring your own tasks: examples/my-tasks, packed and installed as an outside project, runs its own
 * task type on the platform with @atropos/worker: the type is registered and listed with its
 * schemas and live workers, its tasks are validated against the registered schema and complete
 * with their typed result, and `atropos-worker --processes 4` loses nothing when one process dies.
 */
let project: ScratchProject;
let platform: Platform;
const started: AppProcess[] = [];

beforeAll(async () => {
  // Both under way at once; the platform is kept first, so afterAll stops it even when the install fails.
  const installing = installExampleProject();
  installing.catch(() => undefined);
  platform = await Platform.start();
  project = await installing;
}, 300_000);

afterAll(async () => {
  await Promise.all(started.map((worker) => worker.stop('SIGTERM')));
  await platform?.stop();
  await project?.remove();
});

/** The project's `atropos-worker` command against the platform, from the project's folder. */
function atroposWorker(args: string[], env: Record<string, string> = {}): AppProcess {
  const worker = AppProcess.node('atropos-worker', [project.bin, ...args], { ...platform.workerEnv, ...env }, project.dir);
  started.push(worker);
  return worker;
}

async function startExampleWorker(env: Record<string, string> = {}, module = project.module): Promise<AppProcess> {
  const worker = atroposWorker([module], env);
  await worker.waitForLog('takes tasks', 30_000);
  return worker;
}

/** A type at GET /task-types: the parts these tests read. */
interface ListedType {
  name: string;
  workers: number;
  fingerprint: string;
  parameters_schema: { properties: Record<string, unknown> };
  result_schema: unknown;
  note?: string;
  conflict?: unknown;
}

async function listedType(name: string): Promise<ListedType | undefined> {
  const { status, body } = await platform.getJson<ListedType[]>('/task-types');
  expect(status).toBe(200);
  return body.find((type) => type.name === name);
}

async function waitForWorkers(name: string, count: number, timeoutMs = 20_000): Promise<ListedType> {
  return waitFor(
    `${count} live worker(s) of ${name} at GET /task-types`,
    async () => {
      const type = await listedType(name);
      return type?.workers === count ? type : undefined;
    },
    { timeoutMs },
  );
}

async function fingerprintOf(taskId: string): Promise<string | null> {
  const [row] = await platform.db.query<{ schema_fingerprint: string | null }>('SELECT schema_fingerprint FROM tasks WHERE id = $1', [
    taskId,
  ]);
  return row!.schema_fingerprint;
}

describe('a project of its own, installed from npm pack', () => {
  let worker: AppProcess;

  it('registers its type when its worker starts: GET /task-types lists it with its schemas and its live worker', async () => {
    expect(await listedType('invoice_pdf')).toBeUndefined();
    worker = await startExampleWorker({ WORKER_ID: 'invoices-1' });

    const type = await waitForWorkers('invoice_pdf', 1);
    expect(type).toMatchObject({
      kind: 'registered',
      description: expect.stringContaining('Renders an invoice as a PDF'),
      timeout_s: 600,
      max_retries: 3,
      fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      workers: 1,
      note: null,
      conflict: null,
      example: { invoice_id: 'INV-2026-0042', customer: 'ACME Corp', amount_cents: 123450, pages: 2 },
    });
    expect(type.parameters_schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['invoice_id'],
      properties: {
        invoice_id: { type: 'string', pattern: '^[A-Za-z0-9-]{1,40}$' },
        pages: { type: 'integer', minimum: 1, maximum: 50, default: 1 },
        customer: { type: 'string', default: 'ACME Corp' },
      },
    });
    expect(type.result_schema).toMatchObject({
      type: 'object',
      properties: { bytes: { type: 'integer', minimum: 1 }, sha256: { type: 'string' }, artifact: { type: 'string' } },
    });
    // The built-in types are listed too, served by no worker on this platform.
    expect(await listedType('default')).toMatchObject({ kind: 'built_in', workers: 0, note: expect.stringContaining('No live worker') });
  });

  it('validates its tasks against the registered schema: 400 naming each field at fault', async () => {
    const missing = await platform.request('POST', '/tasks', { task_type: 'invoice_pdf', parameters: { pages: 0 } });
    expect(missing.status).toBe(400);
    expect((missing.body as { details: Array<{ field: string }> }).details.map((detail) => detail.field).sort()).toEqual([
      'parameters.invoice_id',
      'parameters.pages',
    ]);

    const unknown = await platform.request('POST', '/tasks', {
      task_type: 'invoice_pdf',
      parameters: { invoice_id: 'INV-1', colour: 'red' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toHaveProperty('message', expect.stringContaining('parameters'));
    expect(JSON.stringify((unknown.body as { details: unknown }).details)).toContain('colour');
  });

  it('runs its task to the typed result, with its progress and the file it saved', async () => {
    const created = await platform.createTask('invoice_pdf', { invoice_id: 'INV-7', pages: 3, seconds_per_page: 0.2 });
    // Defaults of the registered schema filled in; the type's timeout and retries applied.
    expect(created).toMatchObject({
      status: 'pending',
      parameters: { invoice_id: 'INV-7', pages: 3, customer: 'ACME Corp', amount_cents: 100000, seconds_per_page: 0.2 },
      timeout_s: 600,
      max_attempts: 4,
    });

    const task = await platform.waitForStatus(created.id, ['completed', 'failed']);
    expect(task).toMatchObject({
      status: 'completed',
      attempts: 1,
      worker_id: 'invoices-1',
      progress: 100,
      progress_message: 'Rendered page 3 of 3',
      result: { invoice_id: 'INV-7', pages: 3, amount_cents: 100000, artifact: 'invoice-INV-7.pdf' },
    });
    const download = await fetch(`${platform.api.baseUrl}/tasks/${created.id}/artifacts/invoice-INV-7.pdf`);
    expect(download.status).toBe(200);
    const pdf = Buffer.from(await download.arrayBuffer());
    expect(pdf.subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(task.result).toMatchObject({ bytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });
    // The task keeps the fingerprint of the schemas it was validated with.
    expect(await fingerprintOf(created.id)).toBe((await listedType('invoice_pdf'))?.fingerprint);

    // The list and the export filter by a registered type like by a built-in one.
    const listed = await platform.request('GET', '/tasks?task_type=invoice_pdf');
    expect(listed.status).toBe(200);
    expect((listed.body as { data: { id: string }[] }).data.map((row) => row.id)).toContain(created.id);
    const exported = await fetch(`${platform.api.baseUrl}/tasks/export?format=jsonl&task_type=invoice_pdf`);
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain(created.id);
    expect((await platform.request('GET', '/tasks?task_type=no_such_type')).status).toBe(400);
  });

  it('serves as a workflow step and a scheduled task defined over the API, checked against the registered schema', async () => {
    const step = (parameters: Record<string, unknown>) => ({ steps: [{ name: 'render', task_type: 'invoice_pdf', parameters }] });
    const refused = await platform.request('PUT', '/workflows/invoices', step({ invoice_id: '${input.invoice}', pages: 0 }));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('step \\"render\\", parameters.pages');
    expect(
      (await platform.request('PUT', '/workflows/invoices', step({ invoice_id: '${input.invoice}', seconds_per_page: 0.1 }))).status,
    ).toBe(201);

    const started = await platform.request('POST', '/workflows/invoices/runs', { input: { invoice: 'INV-WF' } });
    expect(started.status).toBe(201);
    const runId = (started.body as { id: string }).id;
    const run = await waitFor(
      'the invoices run to end',
      async () => {
        const { body } = await platform.getJson<{ status: string; steps: Array<{ task_id: string | null }> }>(`/workflow-runs/${runId}`);
        return ['completed', 'failed'].includes(body.status) ? body : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(run.status).toBe('completed');
    const stepTask = await platform.getTask(run.steps[0]!.task_id!);
    expect(stepTask).toMatchObject({ task_type: 'invoice_pdf', timeout_s: 600, result: { invoice_id: 'INV-WF', pages: 1 } });
    expect(await fingerprintOf(stepTask.id)).toBe((await listedType('invoice_pdf'))?.fingerprint);

    const schedule = { name: 'invoices-nightly', cron: '0 3 * * *', timezone: 'UTC', task_type: 'invoice_pdf' };
    const badSchedule = await platform.request('POST', '/schedules', { ...schedule, parameters: { pages: 2 } });
    expect(badSchedule.status).toBe(400);
    expect(JSON.stringify(badSchedule.body)).toContain('parameters.invoice_id');
    const created = await platform.request('POST', '/schedules', {
      ...schedule,
      parameters: { invoice_id: 'INV-S', seconds_per_page: 0.1 },
    });
    expect(created.status).toBe(201);
    const fired = await platform.request('POST', `/schedules/${(created.body as { id: string }).id}/trigger`);
    expect(fired.status).toBe(201);
    const scheduled = await platform.waitForStatus((fired.body as { task_id: string }).task_id, ['completed', 'failed']);
    expect(scheduled).toMatchObject({ status: 'completed', timeout_s: 600, result: { invoice_id: 'INV-S' } });
  });

  it('stops its run through ctx.signal when the task is cancelled', async () => {
    const created = await platform.createTask('invoice_pdf', { invoice_id: 'INV-8', pages: 50, seconds_per_page: 2 });
    await platform.waitForStatus(created.id, ['processing']);
    expect((await platform.request('POST', `/tasks/${created.id}/cancel`)).status).toBe(200);
    await worker.waitForLog(`Task ${created.id} stopped: cancelled`, 10_000);
    expect((await platform.getTask(created.id)).status).toBe('cancelled');
  });

  it('accepts a task of a type no live worker serves, says so, and runs it once a worker starts', async () => {
    expect(await worker.stop('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    const type = await waitForWorkers('invoice_pdf', 0);
    expect(type.note).toContain('No live worker serves this type');

    const created = await platform.createTask('invoice_pdf', { invoice_id: 'INV-9', seconds_per_page: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await platform.getTask(created.id)).status).toBe('pending');

    worker = await startExampleWorker({ WORKER_ID: 'invoices-2' });
    expect(await platform.waitForStatus(created.id, ['completed', 'failed'])).toMatchObject({
      status: 'completed',
      worker_id: 'invoices-2',
    });
  });

  it('lets the newest registration of a name win, logs and shows the conflict, and each task keeps its fingerprint', async () => {
    const before = (await listedType('invoice_pdf'))!;
    const earlier = await platform.createTask('invoice_pdf', { invoice_id: 'INV-10', seconds_per_page: 0 });
    await platform.waitForStatus(earlier.id, ['completed']);

    // Version 2 of the type, deployed beside version 1: one more parameter. A plain module of the
    // project that imports only the package's published surface.
    const v2 = path.join(project.dir, 'dist', 'invoice-v2.js');
    await writeFile(
      v2,
      `import { defineTask } from '@atropos/worker';
       import { z } from 'zod';
       import { invoicePdf } from './invoice.js';
       export const tasks = [defineTask({
         name: 'invoice_pdf', description: invoicePdf.description, timeout_s: 600, max_retries: 3,
         parameters: invoicePdf.parameters.extend({ currency: z.enum(['EUR', 'USD']).default('EUR') }),
         result: invoicePdf.result,
         run: ({ currency, ...params }, ctx) => invoicePdf.run(params, ctx),
       })];`,
    );
    const second = await startExampleWorker({ WORKER_ID: 'invoices-v2' }, v2);
    await second.waitForLog(/Task type invoice_pdf was registered by invoices-2 with other schemas/);

    const type = await waitForWorkers('invoice_pdf', 2);
    expect(type.fingerprint).not.toBe(before.fingerprint);
    expect(type.parameters_schema.properties.currency).toMatchObject({ enum: ['EUR', 'USD'], default: 'EUR' });
    expect(type.conflict).toEqual({
      message: expect.stringContaining('1 live worker(s) serve invoice_pdf with other schemas'),
      fingerprints: [type.fingerprint, before.fingerprint],
    });

    // New tasks are validated against the newest registration; version 1 goes, and with it the conflict.
    expect(await worker.stop('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    const later = await platform.createTask('invoice_pdf', { invoice_id: 'INV-11', currency: 'USD', seconds_per_page: 0 });
    expect(later.parameters).toMatchObject({ currency: 'USD' });
    expect(await platform.waitForStatus(later.id, ['completed', 'failed'])).toMatchObject({
      status: 'completed',
      worker_id: 'invoices-v2',
    });
    expect(await waitForWorkers('invoice_pdf', 1)).toMatchObject({ conflict: null });
    expect(await fingerprintOf(earlier.id)).toBe(before.fingerprint);
    expect(await fingerprintOf(later.id)).toBe(type.fingerprint);
    await second.stop('SIGTERM');
  });
});

describe('atropos-worker --processes 4', () => {
  beforeAll(async () => {
    await Promise.all(started.map((worker) => worker.stop('SIGTERM')));
  });

  it('runs four worker processes; one killed mid-task loses nothing and is started again; SIGTERM stops them all', async () => {
    const supervisor = atroposWorker(['--processes', '4', project.module]);
    await waitFor('four worker processes to take tasks', () => (supervisor.log.match(/takes tasks/g)?.length ?? 0) === 4, {
      timeoutMs: 60_000,
    });
    const type = await waitForWorkers('invoice_pdf', 4);
    expect(type.workers).toBe(4);

    const created = await platform.createTask('invoice_pdf', { invoice_id: 'INV-20', pages: 6, seconds_per_page: 1 });
    const running = await waitFor('the task to make progress', async () => {
      const task = await platform.getTask(created.id);
      return task.status === 'processing' && task.progress > 0 ? task : undefined;
    });
    const pid = Number(running.worker_id!.split(':').at(-1));
    process.kill(pid, 'SIGKILL');
    await supervisor.waitForLog(new RegExp(`\\(pid ${pid}\\) was killed by SIGKILL; starting it again`));

    // Its job's lock expires, another process takes the task over and completes it.
    const task = await platform.waitForStatus(created.id, ['completed', 'failed'], 90_000);
    expect(task).toMatchObject({ status: 'completed', attempts: 2, result: { invoice_id: 'INV-20', pages: 6 } });
    expect(task.attempts).toBeLessThanOrEqual(task.max_attempts);
    expect(task.worker_id).not.toBe(running.worker_id);
    // The process started again has registered: four live workers, none of them the killed one.
    await waitFor('the killed process to be replaced', () => (supervisor.log.match(/takes tasks/g)?.length ?? 0) === 5, {
      timeoutMs: 30_000,
    });
    await waitForWorkers('invoice_pdf', 4);

    expect(await supervisor.stop('SIGTERM', 30_000)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(supervisor.log).toContain('Every worker process has stopped');
    expect((await listedType('invoice_pdf'))?.workers).toBe(0);
    expect((await platform.getJson('/health')).body).toHaveProperty('workers.count', 0);
  });
});

describe("README's Run your own tasks", () => {
  const readme = readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
  const section = readme.split('\n## Run your own tasks\n')[1]?.split('\n## ')[0] ?? '';
  const codeAfter = (marker: string) => new RegExp(`${marker}[\\s\\S]*?\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(section)?.[1];
  const bodies = [...section.matchAll(/ -d '([^']+)'/g)].map((match) => JSON.parse(match[1]!) as { task_type: string; parameters: object });

  beforeAll(async () => {
    await Promise.all(started.map((worker) => worker.stop('SIGTERM')));
  });

  it('runs as README shows: its type registered, its task completed with the result README prints, bad parameters refused as README prints', async () => {
    const tasksTs = codeAfter('`src/tasks.ts`');
    const workerTs = codeAfter('`src/worker.ts`');
    expect(tasksTs).toContain('defineTask');
    expect(workerTs).toContain('startWorker');
    await mkdir(path.join(project.dir, 'src', 'readme'), { recursive: true });
    await writeFile(path.join(project.dir, 'src', 'readme', 'tasks.ts'), tasksTs!);
    await writeFile(path.join(project.dir, 'src', 'readme', 'worker.ts'), workerTs!);
    await promisify(execFile)('npm', ['run', 'build'], { cwd: project.dir });

    const worker = AppProcess.node(
      'readme-worker',
      [path.join(project.dir, 'dist', 'readme', 'worker.js')],
      platform.workerEnv,
      project.dir,
    );
    started.push(worker);
    await worker.waitForLog('takes tasks with concurrency 4: invoice_pdf (queue tasks.invoice_pdf)', 30_000);
    const type = await waitForWorkers('invoice_pdf', 1);
    expect(section).toContain(`"fingerprint":"${type.fingerprint}"`);

    const [create, refused] = bodies;
    const created = await platform.createTask(create!.task_type, create!.parameters as Record<string, unknown>);
    expect(section).toContain(`"parameters":${JSON.stringify(created.parameters)}`);
    const task = await platform.waitForStatus(created.id, ['completed', 'failed']);
    expect(section).toContain(`"status":"completed","result":${JSON.stringify(task.result)}`);
    const bad = await platform.request('POST', '/tasks', refused);
    expect(bad.status).toBe(400);
    expect(section).toContain(`"message":${JSON.stringify((bad.body as { message: string }).message)}`);
    // README's worker stops on SIGTERM and then ends by itself: nothing is left open.
    expect(await worker.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
