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
  /** Each task type has its own; a test states the one it reads. */
  result: unknown;
  error: string | null;
  attempt_errors: Array<{ attempt: number; error: string; worker_id: string | null }>;
  worker_id: string | null;
  parameters: Record<string, unknown>;
  task_type: string;
  priority: number;
  timeout_s: number;
  scheduled_for: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  workflow_run_id: string | null;
  workflow_step: number | null;
}

/** GET /tasks/{id} adds the files the task saved. */
export interface TaskDetail extends Task {
  artifacts: Array<{ name: string; content_type: string; size_bytes: number; created_at: string; url: string }>;
}

/** A workflow run as GET /workflow-runs/{id} shows it. */
export interface Run {
  id: string;
  workflow: string;
  status: string;
  current_step: number;
  error: string | null;
  steps: RunStep[];
}

export interface RunStep {
  name: string;
  status: string;
  task_id: string | null;
  attempts: number;
  error: string | null;
}

/** A page of a list: GET /tasks, GET /workflow-runs. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** GET /health, the parts the tests read. */
export interface Health {
  status: string;
  database: { status: string };
  redis: { status: string };
  workers: { count: number; live: Array<{ worker_id: string; active_task_ids: string[] }> };
}

/** What the API answers on every 4xx and 5xx. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  details?: Array<{ field: string; message: string }>;
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
    const { status, body } = await this.request<Task>('POST', '/tasks', { task_type: taskType, parameters, ...extra });
    if (status !== 201) throw new Error(`POST /tasks answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }

  async getTask(id: string): Promise<Task> {
    return (await (await fetch(`${this.api.baseUrl}/tasks/${id}`)).json()) as Task;
  }

  /** A GET; `T` is the body as the caller expects it (an ApiError when the status says so). */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the answer's shape; its expects check it
  async getJson<T = unknown>(path: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.api.baseUrl}${path}`);
    return { status: response.status, body: (await response.json()) as T };
  }

  /** Any request; the body is parsed when there is one, and `T` is what the caller expects it to be. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- as getJson
  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.api.baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async waitForStatus(id: string, statuses: string[], timeoutMs = 20_000): Promise<Task> {
    return waitFor(
      `task ${id} to be ${statuses.join(' or ')}`,
      async () => {
        const task = await this.getTask(id);
        return statuses.includes(task.status) ? task : undefined;
      },
      { timeoutMs },
    );
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
