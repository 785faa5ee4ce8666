import createClient from 'openapi-fetch';
import type { Client, ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './openapi.generated.js';

export type { components, operations, paths } from './openapi.generated.js';

/** A client whose every path, parameter, body and answer is typed from the API's OpenAPI document. */
export type ApiClient = Client<paths>;

/**
 * Creates the typed client. `baseUrl` is the API's address (e.g. `http://127.0.0.1:8000`); pass
 * `fetch` or `headers` through `options` where needed.
 */
export function createApiClient(baseUrl: string, options: Omit<ClientOptions, 'baseUrl'> = {}): ApiClient {
  return createClient<paths>({ ...options, baseUrl });
}

type Schemas = components['schemas'];

/** Names for the document's schemas, so callers need not spell `components['schemas'][…]`. */
export type Task = Schemas['Task'];
/** A task as GET /tasks/{id} returns it: with the artifacts it saved. */
export type TaskDetail = Schemas['TaskDetail'];
export type Artifact = Schemas['Artifact'];
export type TaskStatus = Schemas['TaskStatus'];
export type TaskStatusView = Schemas['TaskStatusView'];
export type TaskList = Schemas['TaskList'];
export type TaskEvent = Schemas['TaskEvent'];
/** A task's live state as events carry it. */
export type TaskSnapshot = Schemas['TaskSnapshot'];
/** One line of an attempt's log (GET /tasks/{id}/logs and its live stream). */
export type TaskLogLine = Schemas['TaskLogLine'];
export type TaskLogPage = Schemas['TaskLogPage'];
export type TaskStats = Schemas['TaskStats'];
export type TaskTypeList = Schemas['TaskTypeList'];
export type TaskType = TaskTypeList[number];
export type CreateTaskRequest = Schemas['CreateTaskRequest'];
export type AttemptError = Schemas['AttemptError'];
export type QueueState = Schemas['QueueState'];
export type Health = Schemas['Health'];
export type Workflow = Schemas['Workflow'];
export type WorkflowRun = Schemas['WorkflowRun'];
export type WorkflowRunStep = Schemas['WorkflowRunStep'];
export type Schedule = Schemas['Schedule'];
export type ScheduleFire = Schemas['ScheduleFire'];
export type CreateScheduleRequest = Schemas['CreateScheduleRequest'];
export type WorkflowRunSummary = Schemas['WorkflowRunSummary'];
export type WorkflowRunStatus = Schemas['WorkflowRunStatus'];
export type WorkflowStepStatus = Schemas['WorkflowStepStatus'];
export type PendingApprovalList = Schemas['PendingApprovalList'];
export type WorkflowVersion = Schemas['WorkflowVersion'];
export type WorkerHeartbeat = Schemas['WorkerHeartbeat'];
/** A live worker as GET /health lists it: its heartbeat. */
export type LiveWorker = WorkerHeartbeat;
/** The body of every error answer; validation errors name each field at fault in `details`. */
export type ApiErrorBody = Schemas['Error'];
/** The query of `GET /tasks`. */
export type ListTasksQuery = NonNullable<operations['TasksController_list']['parameters']['query']>;

/** True when `value` has the shape of an error answer (`{statusCode, error, message}`). */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.statusCode === 'number' && typeof body.message === 'string';
}
