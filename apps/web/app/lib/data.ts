import type { ListTasksQuery, TaskStatusView } from '@atropos/client';
import { isApiErrorBody } from '@atropos/client';
import { load } from './api';

/** The server-side fetchers of the pages, one per API read. */

export const getStats = () => load('Task statistics', (api) => api.GET('/tasks/stats'));

/** A 503 from /health still carries the report (which dependency is down): it is shown, not an error. */
export const getHealth = () =>
  load('Health', async (api) => {
    const answer = await api.GET('/health');
    if (answer.response.status !== 503 || isApiErrorBody(answer.error)) return answer;
    return { data: answer.error, response: new Response(null, { status: 200 }) };
  });

export const getQueue = () => load('Queue', (api) => api.GET('/queue'));

export const getQueues = () => load('Queues', (api) => api.GET('/queues'));

export const getTaskTypes = () => load('Task types', (api) => api.GET('/task-types'));

export const listTasks = (query: ListTasksQuery) => load('Tasks', (api) => api.GET('/tasks', { params: { query } }));

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
