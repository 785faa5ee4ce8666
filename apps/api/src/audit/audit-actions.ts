/**
 * The name of each change a caller can make, by the route that makes it (Express' pattern, as
 * `request.route` gives it). A mutating route missing here is still audited, under
 * `<METHOD> <route>`, so a new route is never left out; give it a name here.
 */
const ACTIONS: Readonly<Record<string, string>> = {
  'POST /tasks': 'task.create',
  'POST /tasks/batch': 'task.create_batch',
  'POST /tasks/:id/cancel': 'task.cancel',
  'POST /tasks/:id/retry': 'task.retry',
  'POST /tasks/bulk': 'task.bulk',
  'POST /bulk-operations/:id/cancel': 'bulk_operation.cancel',
  'DELETE /tasks/:id': 'task.delete',
  'POST /queue/pause': 'queue.pause',
  'POST /queue/resume': 'queue.resume',
  'POST /queue/flush': 'queue.flush',
  'PUT /workflows/:name': 'workflow.define',
  'POST /workflows/:name/runs': 'workflow.start',
  'POST /workflow-runs/:id/pause': 'workflow_run.pause',
  'POST /workflow-runs/:id/resume': 'workflow_run.resume',
  'POST /workflow-runs/:id/rerun': 'workflow_run.rerun',
  'POST /workflow-runs/:id/cancel': 'workflow_run.cancel',
  'POST /workflow-runs/:id/steps/:step/approve': 'workflow_run.approve',
  'POST /workflow-runs/:id/steps/:step/reject': 'workflow_run.reject',
  'POST /schedules': 'schedule.create',
  'PATCH /schedules/:id': 'schedule.update',
  'PUT /schedules/:id': 'schedule.replace',
  'DELETE /schedules/:id': 'schedule.delete',
  'POST /schedules/:id/pause': 'schedule.pause',
  'POST /schedules/:id/resume': 'schedule.resume',
  'POST /schedules/:id/trigger': 'schedule.trigger',
  'POST /webhooks': 'webhook.create',
  'PATCH /webhooks/:id': 'webhook.update',
  'DELETE /webhooks/:id': 'webhook.delete',
  'POST /webhooks/:id/test': 'webhook.test',
  'POST /webhook-deliveries/:id/redeliver': 'webhook.redeliver',
  'POST /api-keys': 'api_key.create',
  'DELETE /api-keys/:id': 'api_key.revoke',
  'POST /auth/sign-out': 'auth.sign_out',
  'POST /users': 'user.create',
  'PATCH /users/:id': 'user.update',
  'DELETE /users/:id/sessions': 'user.revoke_sessions',
};

/** Signing in is audited by SignInService itself, which knows the email tried and the user it found. */
export const SIGN_IN = 'auth.sign_in';
export const SIGN_IN_FAILED = 'auth.sign_in_failed';
export const SIGN_IN_THROTTLED = 'auth.sign_in_throttled';
const SELF_AUDITED = new Set(['POST /auth/sign-in', 'POST /auth/oidc/callback', 'POST /auth/oidc/start']);

/** Whether the route records its own audit entries (its refusals included). */
export const selfAudited = (method: string, route: string) => SELF_AUDITED.has(`${method} ${route}`);

/** Every refused authentication, on any route, is recorded under this action. */
export const AUTH_FAILED = 'auth.failed';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The action a request is audited under, or null for one that is not: reads, and the worker
 * protocol (`/worker/…`: a worker's claims, heartbeats and reports, many a second, are the
 * tasks' own history, kept on the tasks).
 */
export function auditedAction(method: string, route: string): string | null {
  if (READS.has(method) || route.startsWith('/worker/') || selfAudited(method, route)) return null;
  return ACTIONS[`${method} ${route}`] ?? `${method} ${route}`;
}

/** What the request acted on, from its route's parameters: `<id or name>`, and `/<step>` for a step. */
export function auditedTarget(params: Record<string, string | undefined>): string | null {
  const subject = params.id ?? params.name;
  if (subject === undefined) return null;
  return params.step === undefined ? subject : `${subject}/${params.step}`;
}
