import type { ListTasksQuery, operations } from '@atropos/client';
import { load } from './api';

/** The server-side fetchers of the pages, one per API read. */

/**
 * The dashboard's figures in one request (GET /dashboard): stats, health, queue and queues,
 * pending approvals and the running tasks' status. A part the API could not read comes as null,
 * with its reason in `errors`.
 */
export const getDashboard = async () => {
  const dashboard = await load('Dashboard', (api) => api.GET('/dashboard'));
  // In sign-in mode a 401 has already sent the person to sign in: here the web's own key is missing or wrong.
  if (!dashboard.ok && dashboard.status === 401) {
    return { ok: false as const, status: 401, message: `${dashboard.message}; set the web server's API_KEY` };
  }
  return dashboard;
};

/** A page of the audit log (admin keys only: the web's API_KEY must be one). */
export const listAudit = (query: NonNullable<operations['listAuditEntries']['parameters']['query']>) =>
  load('Audit log', (api) => api.GET('/audit', { params: { query } }));

/** The webhooks the web's caller may see (its tenant's; an admin's sees every tenant's), oldest first. */
export const listWebhooks = () => load('Webhooks', (api) => api.GET('/webhooks'));

/** The newest webhook deliveries, each with its attempts. */
export const listWebhookDeliveries = (query: NonNullable<operations['listWebhookDeliveries']['parameters']['query']>) =>
  load('Webhook deliveries', (api) => api.GET('/webhook-deliveries', { params: { query } }));

export const getTaskTypes = () => load('Task types', (api) => api.GET('/task-types'));

export const listTasks = (query: ListTasksQuery) => load('Tasks', (api) => api.GET('/tasks', { params: { query } }));

export const getParameterVersions = (id: string) =>
  load('Parameter versions', (api) => api.GET('/tasks/{id}/parameter-versions', { params: { path: { id } } }));

export const getTask = (id: string) => load('Task', (api) => api.GET('/tasks/{id}', { params: { path: { id } } }));

/** The first lines of a task's log; the live stream brings the rest. */
export const getTaskLogs = (id: string) =>
  load('Task log', (api) => api.GET('/tasks/{id}/logs', { params: { path: { id }, query: { limit: 1000 } } }));

export const listWorkflows = () => load('Workflows', (api) => api.GET('/workflows'));

export const listWorkflowRuns = (query: { limit?: number; cursor?: string }) =>
  load('Workflow runs', (api) => api.GET('/workflow-runs', { params: { query } }));

export const getWorkflowRun = (id: string) => load('Workflow run', (api) => api.GET('/workflow-runs/{id}', { params: { path: { id } } }));

export const listSchedules = () => load('Schedules', (api) => api.GET('/schedules'));
