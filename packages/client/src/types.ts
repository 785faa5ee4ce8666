import type { components, operations } from './openapi.generated.js';

type Schemas = components['schemas'];

/** Names for the document's schemas, so callers need not spell `components['schemas'][…]`. */
export type Task = Schemas['Task'];
/** A task as GET /tasks/{id} returns it: with the artifacts it saved. */
export type TaskDetail = Schemas['TaskDetail'];
export type Artifact = Schemas['Artifact'];
export type TaskStatus = Schemas['TaskStatus'];
export type TaskStatusView = Schemas['TaskStatusView'];
/** A task as a page of GET /tasks shows it: without parameters, result and attempt_errors unless `include` names them. */
export type TaskSummary = Schemas['TaskSummary'];
export type TaskList = Schemas['TaskList'];
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
/** What `GET /tasks/{id}/result` answers while the task is not final (with status 202). */
export type TaskNotFinished = Schemas['TaskNotFinished'];
export type QueueState = Schemas['QueueState'];
/** One queue (pool of workers), as `GET /queues` lists it. */
export type QueueSummary = Schemas['Queue'];
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
export type ApiKey = Schemas['ApiKey'];
export type CreatedApiKey = Schemas['CreatedApiKey'];
export type CreateApiKeyRequest = Schemas['CreateApiKeyRequest'];
export type User = Schemas['User'];
export type CreateUserRequest = Schemas['CreateUserRequest'];
export type UpdateUserRequest = Schemas['UpdateUserRequest'];
export type BulkOperation = Schemas['BulkOperation'];
export type BulkDryRun = Schemas['BulkDryRun'];
export type TaskParameterVersion = Schemas['TaskParameterVersion'];
export type RetryTaskRequest = NonNullable<Schemas['RetryTaskRequest']>;
/** The body of `POST /tasks/bulk`. */
export type BulkActionRequest = NonNullable<operations['startBulkAction']['requestBody']>['content']['application/json'];
/** A live worker as GET /health lists it: its heartbeat. */
export type LiveWorker = WorkerHeartbeat;
/** The query of `GET /tasks`. */
export type ListTasksQuery = NonNullable<operations['listTasks']['parameters']['query']>;

/** Where a task is: what `onProgress` of `waitForResult` receives, from the event stream or a poll. */
export type TaskProgress = Pick<
  TaskStatusView,
  'id' | 'task_type' | 'status' | 'progress' | 'progress_message' | 'attempts' | 'max_attempts'
>;

/** The statuses a task does not leave (unless retried by hand). */
export const FINAL_TASK_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];
export const isFinalTaskStatus = (status: TaskStatus): boolean => FINAL_TASK_STATUSES.includes(status);

/** The statuses a workflow run does not leave by itself (a failed run can be resumed by hand). */
export const FINAL_WORKFLOW_RUN_STATUSES: readonly WorkflowRunStatus[] = ['completed', 'failed', 'cancelled'];
