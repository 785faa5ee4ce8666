import type { AppProcess, RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, startWorker, waitFor } from '@atropos/testing';

/** Settings that make retries and progress quick enough to watch in a test. */
export const FAST_SETTINGS = {
  TASK_RETRY_BACKOFF_MS: '50',
  PROGRESS_WRITE_INTERVAL_MS: '50',
  HEARTBEAT_INTERVAL_MS: '500',
  STALLED_CHECK_INTERVAL_MS: '500',
};

export interface Task {
  id: string;
  status: string;
  progress: number;
  progress_message: string | null;
  attempts: number;
  max_attempts: number;
  result: any;
  error: string | null;
  attempt_errors: Array<{ attempt: number; error: string; worker_id: string | null }>;
  worker_id: string | null;
  parameters: Record<string, unknown>;
  task_type: string;
  priority: number;
  timeout_s: number;
  scheduled_for: string | null;
  started_at: string | null;
  completed_at: string | null;
}

/** An API, its own database and queue prefix, and the workers started against them. */
export class Platform {
  readonly workers: AppProcess[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly queue: TestQueue,
    readonly api: RunningApi,
    private readonly env: Record<string, string>,
  ) {}

  static async start(settings: Record<string, string> = {}): Promise<Platform> {
    const db = await createTestDatabase();
    const queue = createTestQueue();
    const env = { DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix, ...FAST_SETTINGS, ...settings };
    const api = await startApi(env);
    return new Platform(db, queue, api, env);
  }

  /** What a worker of this platform is started with: its database, queue prefix and quick settings. */
  get workerEnv(): Record<string, string> {
    return { ...this.env };
  }

  async startWorker(settings: Record<string, string> = {}): Promise<AppProcess> {
    const worker = await startWorker({ ...this.env, ...settings });
    this.workers.push(worker);
    return worker;
  }

  async createTask(taskType: string, parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<Task> {
    const { status, body } = await this.request('POST', '/tasks', { task_type: taskType, parameters, ...extra });
    if (status !== 201) throw new Error(`POST /tasks answered ${status}: ${JSON.stringify(body)}`);
    return body as Task;
  }

  async getTask(id: string): Promise<Task> {
    return (await (await fetch(`${this.api.baseUrl}/tasks/${id}`)).json()) as Task;
  }

  async getJson(path: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.api.baseUrl}${path}`);
    return { status: response.status, body: await response.json() };
  }

  /** Any request; the body is parsed when there is one. */
  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.api.baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async waitForStatus(id: string, statuses: string[], timeoutMs = 20_000): Promise<Task> {
    return waitFor(`task ${id} to be ${statuses.join(' or ')}`, async () => {
      const task = await this.getTask(id);
      return statuses.includes(task.status) ? task : undefined;
    }, { timeoutMs });
  }

  /** Whether Bull still holds a job for the task (it must not once the task is final). */
  async hasJob(id: string): Promise<boolean> {
    return (await this.queue.redis.exists(`${this.queue.prefix}:tasks:${id}`)) === 1;
  }

  /** Waits until Bull no longer holds a job for the task (a final task's job leaves Redis). */
  async waitForJobGone(id: string, timeoutMs = 10_000): Promise<void> {
    await waitFor(`the job of task ${id} to leave Redis`, async () => !(await this.hasJob(id)), { timeoutMs });
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await this.api.process.stop();
    await this.queue.cleanUp();
    await this.db.drop();
  }
}
