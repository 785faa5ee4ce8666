import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, repoRoot, waitFor } from '@atropos/testing';
import type { Task } from './platform.js';
import { Platform } from './platform.js';

/**
 * Prometheus metrics: Debian's Prometheus, started here on a spare loopback port with the shipped
 * scrape config (deploy/prometheus), scrapes the API (behind a `metrics` key) and a worker; PromQL
 * over its HTTP API returns the counters of the tasks this test ran. promtool checks the shipped
 * config and rules, and runs the rules' unit tests.
 */

const DEPLOY = path.join(repoRoot(), 'deploy');
const KEYS = { admin: 'admin-key-0123456789abcdef', metrics: 'metrics-key-0123456789abcdef', read: 'read-key-0123456789abcdef' };

let platform: Platform;
let prometheus: ChildProcess | undefined;
let prometheusUrl: string;
let dir: string;

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

async function create(body: Record<string, unknown>): Promise<{ id: string }> {
  const { status, body: task } = await platform.request<Task>('POST', '/tasks', body, auth(KEYS.admin));
  if (status !== 201) throw new Error(`POST /tasks answered ${status}: ${JSON.stringify(task)}`);
  return task;
}

async function statusOf(id: string): Promise<string> {
  return (await platform.request<Task>('GET', `/tasks/${id}`, undefined, auth(KEYS.admin))).body.status;
}

/** One PromQL query's single value, or undefined while it has none. */
async function query(promql: string): Promise<number | undefined> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as { data: { result: Array<{ value: [number, string] }> } };
  const [first] = body.data.result;
  return first ? Number(first.value[1]) : undefined;
}

beforeAll(async () => {
  // The repository's task types and one served over HTTP, whose attempts the API counts.
  dir = mkdtempSync(path.join(os.tmpdir(), 'atropos-prometheus-'));
  const configDir = path.join(dir, 'config');
  mkdirSync(configDir);
  const types = JSON.parse(readFileSync(path.join(repoRoot(), 'config', 'task-types.json'), 'utf8')) as unknown[];
  types.push({ name: 'echo_back', description: 'Served over HTTP by this test.', worker: 'http', parameters: { properties: {} } });
  writeFileSync(path.join(configDir, 'task-types.json'), JSON.stringify(types));
  platform = await Platform.start({
    API_KEYS: `admin:${KEYS.admin},metrics:${KEYS.metrics},read:${KEYS.read}`,
    TASK_MAX_RETRIES: '1',
    CONFIG_DIR: configDir,
  });
  const metricsPort = await freePort();
  await platform.startWorker({ METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1' });

  // The shipped config, pointed at this test's processes, scraping every second, with its
  // authorization block switched on.
  writeFileSync(path.join(dir, 'metrics-key'), KEYS.metrics);
  writeFileSync(path.join(dir, 'alerts.yml'), readFileSync(path.join(DEPLOY, 'prometheus', 'alerts.yml')));
  const config = readFileSync(path.join(DEPLOY, 'prometheus', 'prometheus.yml'), 'utf8')
    .replace(/scrape_interval: 15s/, 'scrape_interval: 1s')
    .replace(
      /# authorization:\n(\s*)#\s+type: Bearer\n\s*#\s+credentials_file: \S+/,
      `authorization:\n$1  type: Bearer\n$1  credentials_file: ${path.join(dir, 'metrics-key')}`,
    )
    .replace("'127.0.0.1:8000'", `'${new URL(platform.api.baseUrl).host}'`)
    .replace("'127.0.0.1:9464'", `'127.0.0.1:${metricsPort}'`);
  expect(config).toContain(`credentials_file: ${path.join(dir, 'metrics-key')}`);
  writeFileSync(path.join(dir, 'prometheus.yml'), config);
  execFileSync('promtool', ['check', 'config', path.join(dir, 'prometheus.yml')]);

  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn(
    'prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  await waitFor('Prometheus to be ready', async () => (await fetch(`${prometheusUrl}/-/ready`).catch(() => null))?.ok, {
    timeoutMs: 30_000,
  });
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
    prometheus.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  await platform?.stop();
});

describe('Prometheus scraping the API and a worker', () => {
  it('counts the tasks this test ran: created, started, completed, retried, failed, cancelled', async () => {
    const completed = await Promise.all([
      create({ task_type: 'default', parameters: { processing_time: 0 } }),
      create({ task_type: 'default', parameters: { processing_time: 0 } }),
      create({ task_type: 'default', parameters: { processing_time: 0, fail_attempts: 1 } }),
    ]);
    const failing = await create({ task_type: 'report_generation', parameters: { processing_time: 0, fail_attempts: 5 } });
    const later = await create({ task_type: 'default', parameters: { processing_time: 0 }, delay_ms: 3_600_000 });
    expect((await platform.request('POST', `/tasks/${later.id}/cancel`, undefined, auth(KEYS.admin))).status).toBe(200);
    // A worker over HTTP (the admin key may use the protocol) claims and completes one.
    const remote = await create({ task_type: 'echo_back', parameters: {} });
    const claim = await platform.request<{ task_id: string; attempt: number }>(
      'POST',
      '/worker/claims',
      { worker_id: 'http-1', types: ['echo_back'], wait_s: 5 },
      auth(KEYS.admin),
    );
    expect(claim.body).toMatchObject({ task_id: remote.id });
    const report = { attempt: claim.body.attempt, result: { ok: true } };
    expect((await platform.request('POST', `/worker/tasks/${remote.id}/complete`, report, auth(KEYS.admin))).status).toBe(200);
    for (const task of completed) await waitFor(`task ${task.id} completed`, async () => (await statusOf(task.id)) === 'completed');
    await waitFor('the failing task to fail', async () => (await statusOf(failing.id)) === 'failed');

    const expected: Array<[string, number]> = [
      ['up{job="atropos-api"}', 1],
      ['up{job="atropos-worker"}', 1],
      ['sum(atropos_tasks_created_total)', 6],
      ['sum(atropos_tasks_created_total{task_type="report_generation"})', 1],
      ['sum(atropos_tasks_started_total)', 7],
      ['sum(atropos_tasks_started_total{job="atropos-api", task_type="echo_back"})', 1],
      ['sum(atropos_tasks_completed_total{job="atropos-api", task_type="echo_back"})', 1],
      ['sum(atropos_tasks_completed_total{task_type="default"})', 3],
      ['sum(atropos_tasks_retried_total)', 2],
      ['sum(atropos_tasks_failed_total{task_type="report_generation"})', 1],
      ['sum(atropos_tasks_cancelled_total{task_type="default"})', 1],
      ['sum(atropos_task_run_duration_seconds_count{outcome="completed"})', 3],
      ['sum(atropos_task_queue_wait_seconds_count)', 4],
      ['sum(atropos_http_request_duration_seconds_count{method="POST", route="/tasks", status="201"})', 6],
      ['max(atropos_workers_live)', 1],
      ['max(atropos_queue_jobs{queue="tasks", state="delayed"})', 0],
      ['max(atropos_queue_jobs{queue="tasks.http.echo_back", state="waiting"})', 0],
      ['sum(atropos_attempts_in_flight)', 0],
    ];
    const seen = await waitFor(
      'Prometheus to hold every expected value',
      async () => {
        const values = await Promise.all(expected.map(async ([promql]) => [promql, await query(promql)] as const));
        return values.every(([, value], index) => value === expected[index]![1]) ? values : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    ).catch(async (error: unknown) => {
      const now = await Promise.all(expected.map(async ([promql]) => `${promql} = ${String(await query(promql))}`));
      throw new Error(`${String(error)}\n${now.join('\n')}`);
    });
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(expected));
    // No task id became a label: every series of the task counters is labelled by type only.
    const series = (await (await fetch(`${prometheusUrl}/api/v1/series?match[]=atropos_tasks_created_total`)).json()) as {
      data: Array<Record<string, string>>;
    };
    for (const labels of series.data) expect(Object.keys(labels).sort()).toEqual(['__name__', 'instance', 'job', 'task_type']);
  });

  it('has every metric the shipped dashboard and alerts read', async () => {
    const names = new Set(((await (await fetch(`${prometheusUrl}/api/v1/label/__name__/values`)).json()) as { data: string[] }).data);
    const shipped = [
      readFileSync(path.join(DEPLOY, 'grafana', 'atropos-dashboard.json'), 'utf8'),
      readFileSync(path.join(DEPLOY, 'prometheus', 'alerts.yml'), 'utf8'),
    ].join('\n');
    const read = new Set(shipped.match(/\b(?:atropos|nodejs|process)_[a-z0-9_]+/g));
    expect(read.size).toBeGreaterThan(15);
    expect([...read].filter((name) => !names.has(name))).toEqual([]);
  });
});

describe('GET /metrics with API keys', () => {
  it('needs a metrics or admin key; a metrics key opens nothing else', async () => {
    const scrape = async (headers: Record<string, string>) => (await fetch(`${platform.api.baseUrl}/metrics`, { headers })).status;
    expect(await scrape({})).toBe(401);
    expect(await scrape(auth(KEYS.read))).toBe(403);
    expect(await scrape(auth(KEYS.metrics))).toBe(200);
    expect(await scrape(auth(KEYS.admin))).toBe(200);
    expect((await platform.request('GET', '/tasks', undefined, auth(KEYS.metrics))).status).toBe(403);
  });
});

describe('the shipped Prometheus files', () => {
  it('pass promtool check config, check rules and the rules unit tests', () => {
    const dir = path.join(DEPLOY, 'prometheus');
    for (const file of ['prometheus.yml', 'prometheus-docker.yml']) {
      expect(execFileSync('promtool', ['check', 'config', path.join(dir, file)], { encoding: 'utf8' })).toContain('SUCCESS');
    }
    expect(execFileSync('promtool', ['check', 'rules', path.join(dir, 'alerts.yml')], { encoding: 'utf8' })).toContain(
      'SUCCESS: 6 rules found',
    );
    expect(execFileSync('promtool', ['test', 'rules', path.join(dir, 'alerts.test.yml')], { encoding: 'utf8' })).toContain('SUCCESS');
  });
});
