import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from '@atropos/testing';
import type { ApiError, Run } from './platform.js';
import { Platform } from './platform.js';

/**
 * A PostgreSQL server of the test's own, really killed (SIGKILL to the postmaster) and started
 * again under a running API and worker: the API answers 503 naming it meanwhile, both recover by
 * themselves, and every task accepted before the crash completes.
 */
const bin = (name: string) => {
  const version = execFileSync('ls', ['/usr/lib/postgresql']).toString().trim().split('\n').at(-1)!;
  return `/usr/lib/postgresql/${version}/bin/${name}`;
};
// PostgreSQL refuses to run as root; the machine's own server runs as the postgres user.
const asPostgres = (command: string, args: string[]) =>
  process.getuid?.() === 0 ? (['runuser', ['-u', 'postgres', '--', command, ...args]] as const) : ([command, args] as const);

let dataDir: string;
let port: number;
let platform: Platform;

function startPostgres(): void {
  const [command, args] = asPostgres(bin('postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    dataDir,
    '-c',
    'listen_addresses=127.0.0.1',
  ]);
  spawn(command, args, { stdio: 'ignore', detached: true }).unref();
}

function killPostgres(): void {
  const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
}

const isReady = () => {
  try {
    execFileSync(bin('pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'atropos-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dataDir]);
  const [command, args] = asPostgres(bin('initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust']);
  execFileSync(command, args, { stdio: 'ignore' });
  port = await freePort();
  startPostgres();
  await waitFor('PostgreSQL to start', isReady, { timeoutMs: 30_000 });
  const database = `postgres://postgres@127.0.0.1:${port}/atropos`;
  // No periodic workflow sweep within the test: a run must move on through the API's LISTEN
  // connection, which reconnects (and catches up) after the restart.
  platform = await Platform.start({ DATABASE_URL: database, WORKFLOW_SWEEP_INTERVAL_MS: '600000' });
  await platform.startWorker({ DATABASE_URL: database });
});

afterAll(async () => {
  await platform?.stop().catch(() => undefined);
  try {
    killPostgres();
  } catch {
    // Not running.
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('PostgreSQL killed and restarted', () => {
  it('answers 503 naming it meanwhile, and every accepted task completes once it is back', async () => {
    const accepted = await Promise.all(Array.from({ length: 5 }, () => platform.createTask('default', { processing_time: 2 })));
    await platform.waitForStatus(accepted[0]!.id, ['processing']);
    killPostgres();
    await waitFor('PostgreSQL to be gone', () => !isReady());

    const refused = await platform.request<ApiError>('POST', '/tasks', { task_type: 'default' });
    expect(refused.status).toBe(503);
    expect(refused.body.message).toContain('PostgreSQL');
    const health = await platform.getJson('/health');
    expect(health).toMatchObject({ status: 503, body: { database: { status: 'down' }, redis: { status: 'up' } } });

    startPostgres();
    await waitFor('PostgreSQL to be back', isReady, { timeoutMs: 30_000 });
    await waitFor('the API to serve again', async () => (await platform.getJson('/health')).status === 200, { timeoutMs: 30_000 });
    for (const task of accepted) {
      expect((await platform.waitForStatus(task.id, ['completed', 'failed'], 60_000)).status).toBe('completed');
    }
  });

  it('moves a workflow run on across the restart, through the reconnected notification listener', async () => {
    const start = await platform.request<Run>('POST', '/workflows/sales-report/runs', {
      input: { title: 'Across a restart', sections: 1 },
    });
    expect(start.status).toBe(201);
    await platform.waitForStatus(start.body.steps[0]!.task_id!, ['processing', 'completed']);
    killPostgres();
    await waitFor('PostgreSQL to be gone', () => !isReady());
    startPostgres();
    await waitFor('PostgreSQL to be back', isReady, { timeoutMs: 30_000 });

    const run = await waitFor(
      'the run to complete',
      async () => {
        const { status, body } = await platform.getJson<Run>(`/workflow-runs/${start.body.id}`);
        return status === 200 && body.status === 'completed' ? body : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(run.steps.map((step) => step.status)).toEqual(['completed', 'completed', 'completed']);
  });
});
