import createClient from 'openapi-fetch';
import type { Client, ClientOptions } from 'openapi-fetch';
import type { TaskResult } from './errors.js';
import {
  ApiError,
  apiErrorFor,
  AtroposError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  TaskFailedError,
  UnavailableError,
  WaitTimeoutError,
} from './errors.js';
import type { TaskEvent } from './event-stream.js';
import { readTaskEvents } from './event-stream.js';
import type { paths } from './openapi.generated.js';
import type {
  ApiKey,
  CreateApiKeyRequest,
  CreateUserRequest,
  UpdateUserRequest,
  User,
  CreatedApiKey,
  CreateTaskRequest,
  ListTasksQuery,
  QueueSummary,
  Task,
  TaskDetail,
  TaskList,
  TaskNotFinished,
  TaskProgress,
  TaskStatus,
  TaskStatusView,
  TaskType,
  Workflow,
  WorkflowRun,
} from './types.js';
import { FINAL_WORKFLOW_RUN_STATUSES, isFinalTaskStatus } from './types.js';

/** Where `npm start` and docker-compose.yml serve the API. */
export const DEFAULT_BASE_URL = 'http://localhost:8000';

/** A client whose every path, parameter, body and answer is typed from the API's OpenAPI document. */
export type ApiClient = Client<paths>;

/**
 * Creates the low-level typed client (openapi-fetch). `baseUrl` is the API's address (e.g.
 * `http://127.0.0.1:8000`); pass `fetch` or `headers` through `options` where needed.
 */
export function createApiClient(baseUrl: string, options: Omit<ClientOptions, 'baseUrl'> = {}): ApiClient {
  return createClient<paths>({ ...options, baseUrl });
}

export interface AtroposClientOptions {
  /** The API's address; default `http://localhost:8000`. */
  baseUrl?: string;
  /** An API key, sent as `X-API-Key`; needed when the API runs with `API_KEYS`. */
  apiKey?: string;
  /** Headers for every request. */
  headers?: Record<string, string>;
  /** A fetch of your own (tests, proxies, instrumentation); the global fetch otherwise. */
  fetch?: (request: Request) => Promise<Response>;
}

export interface CallOptions {
  /** Aborts the request; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface CreateTaskOptions extends CallOptions {
  /** Makes the call safe to repeat: the same key with the same body answers the task first created. */
  idempotencyKey?: string;
}

/** A value a `param.<key>` or `result.<key>` filter of `listTasks` matches. */
export type FilterValue = string | number | boolean | null;

export interface ListTasksOptions extends Omit<ListTasksQuery, 'status' | 'param.<key>' | 'result.<key>' | 'label.<key>'> {
  /** One status or several (any of them matches). */
  status?: TaskStatus | TaskStatus[];
  /** Only tasks whose parameters have these top-level values (up to 5 filters with `results`). */
  params?: Record<string, FilterValue>;
  /** Only tasks whose result has these top-level values. */
  results?: Record<string, FilterValue>;
  /** Only tasks with every one of these labels (up to 20). */
  labels?: Record<string, string>;
}

export interface WaitOptions extends CallOptions {
  /** Called with the task's status, progress and message each time one of them changes (the first time at once). */
  onProgress?: (progress: TaskProgress) => void;
  /** Gives up after this long with a WaitTimeoutError; the task goes on. Default: no limit. */
  timeoutMs?: number;
  /** How often to ask for the task's status when the event stream is unavailable. Default 1000 ms. */
  pollIntervalMs?: number;
}

export interface WaitForRunOptions extends CallOptions {
  /** Called with the run each time its status or a step's status or progress changes (the first time at once). */
  onUpdate?: (run: WorkflowRun) => void;
  timeoutMs?: number;
  /** How often to read the run. Default 1000 ms. */
  pollIntervalMs?: number;
}

/**
 * While following the event stream, the task's status is also read this many poll intervals apart:
 * an event lost between Redis and the API (they are fire-and-forget) then delays the end by at most
 * that much, instead of forever.
 */
const RECONCILE_EVERY_POLLS = 10;
/** Polling gives up when the API stays unreachable (or answers 503/429) this long in a row. */
const MAX_OUTAGE_MS = 60_000;
/** What a reconciling read's timer resolves with, in a race with the next event. */
const TICK = Symbol('tick');

/**
 * The Atropos API as a TypeScript library: tasks, their progress and results, task types and
 * workflows. Methods return the API's answers as its OpenAPI document types them, and throw typed
 * errors (ValidationError with `fields`, NotFoundError, ConflictError…, ConnectionError when the
 * API does not answer). `api` is the underlying openapi-fetch client for everything else.
 */
export class AtroposClient {
  readonly baseUrl: string;
  /** The typed low-level client, for the routes this class does not wrap (`client.api.GET('/queue')`). */
  readonly api: ApiClient;

  constructor(options: AtroposClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.api = createApiClient(this.baseUrl, {
      headers: { ...options.headers, ...(options.apiKey ? { 'X-API-Key': options.apiKey } : {}) },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Creates a task (`POST /tasks`): stored as `pending` and queued. */
  async createTask(request: CreateTaskRequest, options: CreateTaskOptions = {}): Promise<Task> {
    const headers = options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {};
    return this.call('POST /tasks', options.signal, this.api.POST('/tasks', { body: request, headers, signal: options.signal }));
  }

  /** Creates up to 1,000 tasks at once, all or none (`POST /tasks/batch`); a ValidationError names `tasks.<index>.<field>`. */
  async createTasks(requests: CreateTaskRequest[], options: CreateTaskOptions = {}): Promise<Task[]> {
    const headers = options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {};
    const batch = await this.call(
      'POST /tasks/batch',
      options.signal,
      this.api.POST('/tasks/batch', { body: { tasks: requests }, headers, signal: options.signal }),
    );
    return batch.data;
  }

  /** The whole task: parameters, status, progress, result, attempt errors, artifacts (`GET /tasks/{id}`). */
  async getTask(id: string, options: CallOptions = {}): Promise<TaskDetail> {
    return this.call(`GET /tasks/${id}`, options.signal, this.api.GET('/tasks/{id}', { params: { path: { id } }, signal: options.signal }));
  }

  /** The light view for polling: status, progress and its message (`GET /tasks/{id}/status`). */
  async getTaskStatus(id: string, options: CallOptions = {}): Promise<TaskStatusView> {
    return this.call(
      `GET /tasks/${id}/status`,
      options.signal,
      this.api.GET('/tasks/{id}/status', { params: { path: { id } }, signal: options.signal }),
    );
  }

  /**
   * The result of a final task (its `status` says completed, failed or cancelled), or, while it is
   * not final, where it is (`TaskNotFinished`, with a `message`). Does not wait: see waitForResult.
   */
  async getTaskResult(id: string, options: CallOptions = {}): Promise<TaskResult | TaskNotFinished> {
    return this.call(
      `GET /tasks/${id}/result`,
      options.signal,
      this.api.GET('/tasks/{id}/result', { params: { path: { id } }, signal: options.signal }),
    );
  }

  /**
   * The tasks, newest first, one page at a time: `for await (const page of client.listTasks({ status: 'failed' }))`.
   * Follows `next_cursor` until the last page; `limit` is the page size (1–100, default 20).
   */
  async *listTasks(options: ListTasksOptions = {}, call: CallOptions = {}): AsyncGenerator<TaskList, void, undefined> {
    const { status, params, results, labels, ...rest } = options;
    const query: Record<string, string | number> = Object.fromEntries(
      Object.entries(rest as Record<string, string | number | undefined>).filter(([, value]) => value !== undefined),
    ) as Record<string, string | number>;
    if (status !== undefined) query.status = Array.isArray(status) ? status.join(',') : status;
    for (const [key, value] of Object.entries(params ?? {})) query[`param.${key}`] = filterValue(value);
    for (const [key, value] of Object.entries(results ?? {})) query[`result.${key}`] = filterValue(value);
    for (const [key, value] of Object.entries(labels ?? {})) query[`label.${key}`] = value;
    let cursor = options.cursor;
    do {
      const page: TaskList = await this.call(
        'GET /tasks',
        call.signal,
        this.api.GET('/tasks', { params: { query: { ...query, cursor } }, signal: call.signal }),
      );
      yield page;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  /** Cancels a pending, retrying or processing task (`POST /tasks/{id}/cancel`); a ConflictError if it is already final. */
  async cancel(id: string, options: CallOptions = {}): Promise<Task> {
    return this.call(
      `POST /tasks/${id}/cancel`,
      options.signal,
      this.api.POST('/tasks/{id}/cancel', { params: { path: { id } }, signal: options.signal }),
    );
  }

  /** Runs a failed or cancelled task again with a fresh budget of attempts (`POST /tasks/{id}/retry`). */
  async retry(id: string, options: CallOptions = {}): Promise<Task> {
    return this.call(
      `POST /tasks/${id}/retry`,
      options.signal,
      this.api.POST('/tasks/{id}/retry', { params: { path: { id } }, signal: options.signal }),
    );
  }

  /** Deletes a final task (`DELETE /tasks/{id}`). */
  async deleteTask(id: string, options: CallOptions = {}): Promise<void> {
    await this.call(
      `DELETE /tasks/${id}`,
      options.signal,
      this.api.DELETE('/tasks/{id}', { params: { path: { id } }, signal: options.signal }),
    );
  }

  /** Creates an API key (`POST /api-keys`, admin keys only); the answer's `secret` is the key, shown this once. */
  async createApiKey(request: CreateApiKeyRequest, options: CallOptions = {}): Promise<CreatedApiKey> {
    return this.call('POST /api-keys', options.signal, this.api.POST('/api-keys', { body: request, signal: options.signal }));
  }

  /** The API keys managed at run time, newest first, revoked ones too (`GET /api-keys`). */
  async listApiKeys(options: CallOptions = {}): Promise<ApiKey[]> {
    const list = await this.call('GET /api-keys', options.signal, this.api.GET('/api-keys', { signal: options.signal }));
    return list.data;
  }

  /** Revokes an API key at once (`DELETE /api-keys/{id}`). */
  async revokeApiKey(id: string, options: CallOptions = {}): Promise<ApiKey> {
    return this.call(
      `DELETE /api-keys/${id}`,
      options.signal,
      this.api.DELETE('/api-keys/{id}', { params: { path: { id } }, signal: options.signal }),
    );
  }

  /** Creates a user who signs in to the web (`POST /users`, admin); the password is kept only as a hash. */
  async createUser(request: CreateUserRequest, options: CallOptions = {}): Promise<User> {
    return this.call('POST /users', options.signal, this.api.POST('/users', { body: request, signal: options.signal }));
  }

  /** The users, oldest first, disabled ones too (`GET /users`, admin). */
  async listUsers(options: CallOptions = {}): Promise<User[]> {
    const list = await this.call('GET /users', options.signal, this.api.GET('/users', { signal: options.signal }));
    return list.data;
  }

  /** Changes a user's role or password, or disables them; any change ends their sessions (`PATCH /users/{id}`, admin). */
  async updateUser(id: string, change: UpdateUserRequest, options: CallOptions = {}): Promise<User> {
    return this.call(
      `PATCH /users/${id}`,
      options.signal,
      this.api.PATCH('/users/{id}', { params: { path: { id } }, body: change, signal: options.signal }),
    );
  }

  /** Ends every session of a user at once (`DELETE /users/{id}/sessions`, admin); answers how many were open. */
  async revokeUserSessions(id: string, options: CallOptions = {}): Promise<number> {
    const answer = await this.call(
      `DELETE /users/${id}/sessions`,
      options.signal,
      this.api.DELETE('/users/{id}/sessions', { params: { path: { id } }, signal: options.signal }),
    );
    return answer.revoked;
  }

  /** The task types with the JSON Schema of their parameters (`GET /task-types`). */
  async listTaskTypes(options: CallOptions = {}): Promise<TaskType[]> {
    return this.call('GET /task-types', options.signal, this.api.GET('/task-types', { signal: options.signal }));
  }

  /** Every queue (pool of workers) with its depth and live workers (`GET /queues`). */
  async listQueues(options: CallOptions = {}): Promise<QueueSummary[]> {
    const page = await this.call('GET /queues', options.signal, this.api.GET('/queues', { signal: options.signal }));
    return page.data;
  }

  /** The workflow definitions (`GET /workflows`). */
  async listWorkflows(options: CallOptions = {}): Promise<Workflow[]> {
    return this.call('GET /workflows', options.signal, this.api.GET('/workflows', { signal: options.signal }));
  }

  /** Starts a run of a workflow with its input (`POST /workflows/{name}/runs`). */
  async startWorkflowRun(
    name: string,
    input: Record<string, unknown> = {},
    options: CallOptions & { /** Labels of the run, which its step tasks carry. */ labels?: Record<string, string> } = {},
  ): Promise<WorkflowRun> {
    const body = options.labels === undefined ? { input } : { input, labels: options.labels };
    return this.call(
      `POST /workflows/${name}/runs`,
      options.signal,
      this.api.POST('/workflows/{name}/runs', { params: { path: { name } }, body, signal: options.signal }),
    );
  }

  /** A workflow run with the status of each step (`GET /workflow-runs/{id}`). */
  async getWorkflowRun(id: string, options: CallOptions = {}): Promise<WorkflowRun> {
    return this.call(
      `GET /workflow-runs/${id}`,
      options.signal,
      this.api.GET('/workflow-runs/{id}', { params: { path: { id } }, signal: options.signal }),
    );
  }

  /**
   * The task events as they happen (`GET /tasks/events`, Server-Sent Events), all of them or one
   * task's. Resolves once the stream is open; iterate it with `for await`, stop with `break` or the signal.
   */
  async taskEvents(options: CallOptions & { taskId?: string } = {}): Promise<AsyncGenerator<TaskEvent, void, undefined>> {
    const what = 'GET /tasks/events';
    const query = options.taskId ? { task_id: options.taskId } : {};
    const answer = await this.guard(
      options.signal,
      this.api.GET('/tasks/events', {
        params: { query },
        parseAs: 'stream',
        headers: { Accept: 'text/event-stream' },
        signal: options.signal,
      }),
    );
    if (!answer.response.ok) throw apiErrorFor(answer.response, answer.error, what);
    const type = answer.response.headers.get('content-type') ?? '';
    if (!answer.data || !type.startsWith('text/event-stream')) {
      await answer.response.body?.cancel().catch(() => undefined);
      throw new AtroposError(`${what} answered ${type || 'no content type'}, not an event stream`);
    }
    return readTaskEvents(answer.data, options.signal);
  }

  /**
   * Waits until the task is final and resolves with its result if it completed; rejects with a
   * TaskFailedError (its `outcome` has the error and every attempt's) if it failed or was cancelled,
   * a WaitTimeoutError after `timeoutMs`, or the signal's reason when aborted.
   *
   * Follows the task over the event stream (`GET /tasks/events?task_id=`), and polls
   * `GET /tasks/{id}/status` every `pollIntervalMs` if the stream cannot be opened or breaks.
   */
  async waitForResult(id: string, options: WaitOptions = {}): Promise<TaskResult> {
    const { onProgress, timeoutMs, pollIntervalMs = 1_000 } = options;
    return this.waiting(id, options.signal, timeoutMs, async (signal) => {
      let last: TaskProgress | undefined;
      let lastUpdatedAt = '';
      /** Reports a change and tells whether the task is final. */
      const seen = (task: TaskProgress & { updated_at: string }): boolean => {
        // Events published before the first status read can arrive after it: an older state is not news.
        if (task.updated_at < lastUpdatedAt) return false;
        lastUpdatedAt = task.updated_at;
        const now = pickProgress(task);
        if (!last || (['status', 'progress', 'progress_message', 'attempts'] as const).some((key) => last![key] !== now[key])) {
          last = now;
          onProgress?.(now);
        }
        return isFinalTaskStatus(now.status);
      };
      await this.follow(id, seen, signal, pollIntervalMs);
      const outcome = await this.getTaskResult(id, { signal });
      if (!('result' in outcome)) throw new AtroposError(`Task ${id} was final, then ${outcome.status} again (retried meanwhile?)`);
      if (outcome.status !== 'completed') throw new TaskFailedError(outcome);
      return outcome;
    });
  }

  /** Waits until the run is completed, failed or cancelled, and resolves with it (whatever its status). */
  async waitForWorkflowRun(id: string, options: WaitForRunOptions = {}): Promise<WorkflowRun> {
    const { onUpdate, timeoutMs, pollIntervalMs = 1_000 } = options;
    return this.waiting(id, options.signal, timeoutMs, async (signal) => {
      let last = '';
      return this.poll(signal, pollIntervalMs, async () => {
        const run = await this.getWorkflowRun(id, { signal });
        const fingerprint = JSON.stringify([
          run.status,
          run.current_step,
          run.steps.map((step) => [step.status, step.progress, step.progress_message]),
        ]);
        if (fingerprint !== last) {
          last = fingerprint;
          onUpdate?.(run);
        }
        return FINAL_WORKFLOW_RUN_STATUSES.includes(run.status) ? run : undefined;
      });
    });
  }

  /** Runs `work` with a signal that aborts on the caller's signal or after `timeoutMs` (then a WaitTimeoutError). */
  private async waiting<T>(
    id: string,
    outer: AbortSignal | undefined,
    timeoutMs: number | undefined,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const done = new AbortController();
    const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([done.signal, ...(outer ? [outer] : []), ...(timeout ? [timeout] : [])]);
    try {
      return await work(signal);
    } catch (error) {
      if (timeout?.aborted && !outer?.aborted) throw new WaitTimeoutError(id, timeoutMs!);
      throw error;
    } finally {
      // Closes the event stream and stops the timers, whichever way the wait ended.
      done.abort();
    }
  }

  /** Resolves once `seen` says the task is final: over the event stream while it works, by polling otherwise. */
  private async follow(
    id: string,
    seen: (task: TaskProgress & { updated_at: string }) => boolean,
    signal: AbortSignal,
    pollIntervalMs: number,
  ): Promise<void> {
    // The stream's own controller, aborted by the wait's signal or when the stream is no longer needed.
    const stream = new AbortController();
    const forward = () => stream.abort(signal.reason);
    signal.addEventListener('abort', forward, { once: true });
    const events = await this.taskEvents({ taskId: id, signal: stream.signal }).catch((error: unknown) => {
      throwIfAborted(signal);
      // Without the stream (an old API, a proxy that buffers, an auth error the poll will report too), poll.
      if (error instanceof AtroposError) return undefined;
      throw error;
    });
    try {
      // Read once the stream is open, so no change can fall between this read and the first event.
      if (seen(await this.getTaskStatus(id, { signal }))) return;
      if (events && (await this.followEvents(id, events, seen, signal, pollIntervalMs * RECONCILE_EVERY_POLLS))) return;
    } finally {
      signal.removeEventListener('abort', forward);
      stream.abort();
    }
    await this.poll(signal, pollIntervalMs, async () => (seen(await this.getTaskStatus(id, { signal })) ? true : undefined));
  }

  /** True once the task is final; false when the stream ended or broke (the caller polls then). */
  private async followEvents(
    id: string,
    events: AsyncGenerator<TaskEvent, void, undefined>,
    seen: (task: TaskProgress & { updated_at: string }) => boolean,
    signal: AbortSignal,
    reconcileMs: number,
  ): Promise<boolean> {
    let next = events.next();
    let tick = sleep(reconcileMs, signal).then((): typeof TICK => TICK);
    try {
      for (;;) {
        const step = await Promise.race([next, tick]);
        throwIfAborted(signal);
        if (step === TICK) {
          tick = sleep(reconcileMs, signal).then((): typeof TICK => TICK);
          if (seen(await this.getTaskStatus(id, { signal }))) return true;
          continue;
        }
        if (step.done) return false;
        next = events.next();
        const event = step.value;
        if (event.type === 'task.deleted' && event.task_id === id) {
          throw new NotFoundError(404, { statusCode: 404, error: 'Not Found', message: `task ${id} was deleted` }, 'GET /tasks/events');
        }
        if (event.type === 'task.updated' && event.task.id === id && seen(event.task)) return true;
      }
    } catch (error) {
      throwIfAborted(signal);
      if (error instanceof ApiError && !isTransient(error)) throw error;
      return false;
    } finally {
      // The pending read ends with the stream's abort (by the caller); its rejection is expected.
      next.catch(() => undefined);
    }
  }

  /** Calls `attempt` every `intervalMs` until it gives a value, riding out short outages of the API. */
  private async poll<T>(signal: AbortSignal, intervalMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
    let troubleSince: number | undefined;
    for (let first = true; ; first = false) {
      if (!first) await sleep(intervalMs, signal);
      throwIfAborted(signal);
      try {
        const value = await attempt();
        troubleSince = undefined;
        if (value !== undefined) return value;
      } catch (error) {
        throwIfAborted(signal);
        if (!isTransient(error)) throw error;
        troubleSince ??= Date.now();
        if (Date.now() - troubleSince > MAX_OUTAGE_MS) throw error;
      }
    }
  }

  /** The answer's data, or the typed error of an error answer. */
  private async call<T>(
    what: string,
    signal: AbortSignal | undefined,
    request: Promise<{ data?: T; error?: unknown; response: Response }>,
  ): Promise<T> {
    const answer = await this.guard(signal, request);
    if (!answer.response.ok) throw apiErrorFor(answer.response, answer.error, what);
    return answer.data as T;
  }

  /** A request that could not be made is a ConnectionError, unless it was aborted on purpose. */
  private async guard<A>(signal: AbortSignal | undefined, request: Promise<A>): Promise<A> {
    try {
      return await request;
    } catch (error) {
      throwIfAborted(signal);
      throw new ConnectionError(this.baseUrl, error);
    }
  }
}

function pickProgress(task: TaskProgress): TaskProgress {
  const { id, task_type, status, progress, progress_message, attempts, max_attempts } = task;
  return { id, task_type, status, progress, progress_message, attempts, max_attempts };
}

/** Errors worth another try: the API is unreachable, or says to come back later. */
function isTransient(error: unknown): boolean {
  return error instanceof ConnectionError || error instanceof UnavailableError || error instanceof RateLimitError;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/** Waits `ms`, or less if `signal` aborts first; never rejects, so a sleep left behind in a race is harmless. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** `param.<key>` / `result.<key>` values: the API reads numbers, booleans, null and quoted strings as JSON. */
function filterValue(value: FilterValue): string {
  if (typeof value !== 'string') return String(value);
  try {
    JSON.parse(value);
    return JSON.stringify(value); // "42" must stay the string 42, not become the number.
  } catch {
    return value;
  }
}
