import type { components, ListTasksQuery, operations, TaskStatusView } from '@atropos/client';
import { isApiErrorBody } from '@atropos/client';
import type { Loaded } from './api';
import { load } from './api';

/** The server-side fetchers of the pages, one per API read. */

export const getStats = () => load('Task statistics', (api) => api.GET('/tasks/stats'));

/**
 * A 503 from /health still carries the report (which dependency is down): it is shown, not an
 * error. The API gives its details only to a caller with a key (or when it has none): without
 * them the dashboard cannot be drawn, and the web's API_KEY is what is missing.
 */
export const getHealth = async (): Promise<Loaded<components['schemas']['Health']>> => {
  const health = await load('Health', async (api) => {
    const answer = await api.GET('/health');
    if (answer.response.status !== 503 || isApiErrorBody(answer.error)) return answer;
    return { data: answer.error, response: new Response(null, { status: 200 }) };
  });
  if (!health.ok) return health;
  if (!('database' in health.data)) {
    return { ok: false, message: "Health: the API gives its details only to callers with a key; set the web server's API_KEY" };
  }
  return { ok: true, data: health.data };
};

/** A page of the audit log (admin keys only: the web's API_KEY must be one). */
export const listAudit = (query: NonNullable<operations['listAuditEntries']['parameters']['query']>) =>
  load('Audit log', (api) => api.GET('/audit', { params: { query } }));

/** The webhooks the web's caller may see (its tenant's; an admin's sees every tenant's), oldest first. */
export const listWebhooks = () => load('Webhooks', (api) => api.GET('/webhooks'));

/** The newest webhook deliveries, each with its attempts. */
export const listWebhookDeliveries = (query: NonNullable<operations['listWebhookDeliveries']['parameters']['query']>) =>
  load('Webhook deliveries', (api) => api.GET('/webhook-deliveries', { params: { query } }));

export const getQueue = () => load('Queue', (api) => api.GET('/queue'));

export const getQueues = () => load('Queues', (api) => api.GET('/queues'));

export const getTaskTypes = () => load('Task types', (api) => api.GET('/task-types'));

export const listTasks = (query: ListTasksQuery) => load('Tasks', (api) => api.GET('/tasks', { params: { query } }));

export const getParameterVersions = (id: string) =>
  load('Parameter versions', (api) => api.GET('/tasks/{id}/parameter-versions', { params: { path: { id } } }));

export const getTask = (id: string) => load('Task', (api) => api.GET('/tasks/{id}', { params: { path: { id } } }));

/** The first lines of a task's log; the live stream brings the rest. */
export const getTaskLogs = (id: string) =>
  load('Task log', (api) => api.GET('/tasks/{id}/logs', { params: { path: { id }, query: { limit: 1000 } } }));

/** The status of each task; tasks deleted in the meantime are left out. */
export async function getTaskStatuses(ids: string[]): Promise<TaskStatusView[]> {
  const answers = await Promise.all(
    ids.map((id) => load('Task status', (api) => api.GET('/tasks/{id}/status', { params: { path: { id } } }))),
  );
  return answers.flatMap((answer) => (answer.ok ? [answer.data] : []));
}

export const listWorkflows = () => load('Workflows', (api) => api.GET('/workflows'));

export const listWorkflowRuns = (query: { limit?: number; cursor?: string }) =>
  load('Workflow runs', (api) => api.GET('/workflow-runs', { params: { query } }));

export const getWorkflowRun = (id: string) => load('Workflow run', (api) => api.GET('/workflow-runs/{id}', { params: { path: { id } } }));

export const listSchedules = () => load('Schedules', (api) => api.GET('/schedules'));
export const getPendingApprovals = () => load('Pending approvals', (api) => api.GET('/workflow-approvals'));
