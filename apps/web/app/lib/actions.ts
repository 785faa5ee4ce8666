'use server';

import type { BulkDryRun, BulkOperation, CreateScheduleRequest, CreateTaskRequest } from '@atropos/client';
import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { api, describeError, unreachable } from './api';
import { formText } from './form-data';
import { refusal } from './session';

/**
 * Server Actions: every change the pages make goes through here, so the browser never talks to
 * the API itself. Each returns what went wrong, in words, or redirects / refreshes on success.
 * Each first checks the signed-in person's role: an action is an endpoint anyone can POST to,
 * whether or not the page showed its button (the API, asked with their session, refuses too).
 */

export interface ActionResult {
  error?: string;
  /** For validation errors: the message of each field at fault, by field (`parameters.record_count`). */
  fieldErrors?: Record<string, string>;
  notice?: string;
}

export async function createTask(request: CreateTaskRequest): Promise<ActionResult> {
  const refused = await refusal('operator');
  if (refused) return { error: refused };
  let id: string;
  try {
    const { data, error, response } = await (await api()).POST('/tasks', { body: request });
    if (!data) {
      const fieldErrors = Object.fromEntries((error.details ?? []).map((problem) => [problem.field, problem.message]));
      return { error: describeError(error, response.status), fieldErrors };
    }
    id = data.id;
  } catch (error) {
    return { error: unreachable(error) };
  }
  redirect(`/tasks/${id}`);
}

export type TaskAction = 'cancel' | 'retry' | 'delete';

export async function changeTask(id: string, action: TaskAction): Promise<ActionResult> {
  const refused = await refusal('operator');
  if (refused) return { error: refused };
  try {
    const params = { params: { path: { id } } };
    const { error, response } =
      action === 'cancel'
        ? await (await api()).POST('/tasks/{id}/cancel', params)
        : action === 'retry'
          ? await (await api()).POST('/tasks/{id}/retry', params)
          : await (await api()).DELETE('/tasks/{id}', params);
    if (!response.ok) return { error: describeError(error, response.status) };
  } catch (error) {
    return { error: unreachable(error) };
  }
  if (action === 'delete') redirect('/tasks?deleted=1');
  refresh();
  return {};
}

type QueueAction = 'pause' | 'resume' | 'flush';

/** Pauses, resumes or flushes every queue, or only the queue (pool) `name`. */
export async function controlQueue(action: QueueAction, name?: string): Promise<ActionResult> {
  const refused = await refusal('admin');
  if (refused) return { error: refused };
  const which = name === undefined ? 'Queue' : `Queue ${name}`;
  try {
    if (action === 'flush') {
      const { data, error, response } =
        name === undefined
          ? await (await api()).POST('/queue/flush')
          : await (await api()).POST('/queues/{name}/flush', { params: { path: { name } } });
      if (!data) return { error: describeError(error, response.status) };
      refresh();
      return { notice: `Cancelled ${data.cancelled} pending or retrying task${data.cancelled === 1 ? '' : 's'}.` };
    }
    const { error, response } =
      name === undefined
        ? await (await api()).POST(action === 'pause' ? '/queue/pause' : '/queue/resume')
        : await (await api()).POST(action === 'pause' ? '/queues/{name}/pause' : '/queues/{name}/resume', { params: { path: { name } } });
    if (!response.ok) return { error: describeError(error, response.status) };
  } catch (error) {
    return { error: unreachable(error) };
  }
  refresh();
  return { notice: action === 'pause' ? `${which} paused: workers finish what they hold and take nothing new.` : `${which} resumed.` };
}

/** Starts a run of `workflow` with `inputJson` (a JSON object, as typed in the form) and opens its page. */
export async function startWorkflowRun(workflow: string, inputJson: string): Promise<ActionResult> {
  const refused = await refusal('operator');
  if (refused) return { error: refused };
  let input: unknown;
  try {
    input = inputJson.trim() === '' ? {} : JSON.parse(inputJson);
  } catch (error) {
    return { error: `The input is not valid JSON: ${(error as Error).message}`, fieldErrors: { input: 'is not valid JSON' } };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { error: 'The input must be a JSON object, such as {"title": "Daily sales"}', fieldErrors: { input: 'must be a JSON object' } };
  }
  let id: string;
  try {
    const { data, error, response } = await (
      await api()
    ).POST('/workflows/{name}/runs', {
      params: { path: { name: workflow } },
      body: { input: input as Record<string, unknown> },
    });
    if (!data) {
      const fieldErrors = Object.fromEntries((error.details ?? []).map((problem) => [problem.field, problem.message]));
      return { error: describeError(error, response.status), fieldErrors };
    }
    id = data.id;
  } catch (error) {
    return { error: unreachable(error) };
  }
  redirect(`/workflows/runs/${id}`);
}

export interface StartRunState extends ActionResult {
  /** The input as sent, so the form shows it again with the error. */
  input?: string;
}

/**
 * The start form's action (useActionState): it works before the page has hydrated too, since the
 * browser then posts the form to the server action itself.
 */
export async function startWorkflowRunFromForm(_previous: StartRunState, form: FormData): Promise<StartRunState> {
  const input = formText(form, 'input', '{}');
  return { ...(await startWorkflowRun(formText(form, 'workflow'), input)), input };
}

type WorkflowRunAction = 'pause' | 'resume' | 'cancel';

export async function changeWorkflowRun(id: string, action: WorkflowRunAction): Promise<ActionResult> {
  const refused = await refusal('operator');
  if (refused) return { error: refused };
  try {
    const params = { params: { path: { id } } };
    const { error, response } =
      action === 'pause'
        ? await (await api()).POST('/workflow-runs/{id}/pause', params)
        : action === 'resume'
          ? await (await api()).POST('/workflow-runs/{id}/resume', { ...params, body: {} })
          : await (await api()).POST('/workflow-runs/{id}/cancel', params);
    if (!response.ok) return { error: describeError(error, response.status) };
  } catch (error) {
    return { error: unreachable(error) };
  }
  refresh();
  return {};
}

const RUN_ACTIONS: readonly WorkflowRunAction[] = ['pause', 'resume', 'cancel'];

/** The run page's Pause / Resume forms (useActionState): they work before hydration too. */
export async function changeWorkflowRunFromForm(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  const action = formText(form, 'action') as WorkflowRunAction;
  if (!RUN_ACTIONS.includes(action)) return { error: `Unknown action ${JSON.stringify(action)}` };
  return changeWorkflowRun(formText(form, 'id'), action);
}

export interface ResumeWithParametersState extends ActionResult {
  /** The parameters as sent, so the form shows them again with the error. */
  parameters?: string;
}

/**
 * Resumes a failed run with some of its failed step's parameters replaced (a JSON object typed in
 * the form); the API validates them against the step's task type and answers 400 otherwise.
 */
export async function resumeWithParameters(_previous: ResumeWithParametersState, form: FormData): Promise<ResumeWithParametersState> {
  const refused = await refusal('operator');
  if (refused) return { error: refused };
  const id = formText(form, 'id');
  const text = formText(form, 'parameters');
  let parameters: unknown;
  try {
    parameters = JSON.parse(text);
  } catch (error) {
    return { error: `The parameters are not valid JSON: ${(error as Error).message}`, parameters: text };
  }
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return { error: 'The parameters must be a JSON object, such as {"fail_attempts": 0}', parameters: text };
  }
  try {
    const { error, response } = await (
      await api()
    ).POST('/workflow-runs/{id}/resume', {
      params: { path: { id } },
      body: { parameters: parameters as Record<string, unknown> },
    });
    if (!response.ok) return { error: describeError(error, response.status), parameters: text };
  } catch (error) {
    return { error: unreachable(error), parameters: text };
  }
  refresh();
  return {};
}

/** Creates a schedule and goes back to the schedules page, which shows its next runs. */
export async function createSchedule(request: CreateScheduleRequest): Promise<ActionResult> {
  const refused = await refusal('admin');
  if (refused) return { error: refused };
  try {
    const { data, error, response } = await (await api()).POST('/schedules', { body: request });
    if (!data) {
      const fieldErrors = Object.fromEntries((error.details ?? []).map((problem) => [problem.field, problem.message]));
      return { error: describeError(error, response.status), fieldErrors };
    }
  } catch (error) {
    return { error: unreachable(error) };
  }
  redirect('/schedules?created=1');
}

type ScheduleAction = 'pause' | 'resume' | 'trigger' | 'delete';

export async function changeSchedule(id: string, action: ScheduleAction): Promise<ActionResult> {
  const refused = await refusal('admin');
  if (refused) return { error: refused };
  let notice: string | undefined;
  try {
    const params = { params: { path: { id } } };
    if (action === 'trigger') {
      const { data, error, response } = await (await api()).POST('/schedules/{id}/trigger', params);
      if (!data) return { error: describeError(error, response.status) };
      notice = `Task ${data.task_id ?? ''} created.`;
    } else {
      const { error, response } =
        action === 'pause'
          ? await (await api()).POST('/schedules/{id}/pause', params)
          : action === 'resume'
            ? await (await api()).POST('/schedules/{id}/resume', params)
            : await (await api()).DELETE('/schedules/{id}', params);
      if (!response.ok) return { error: describeError(error, response.status) };
    }
  } catch (error) {
    return { error: unreachable(error) };
  }
  refresh();
  return notice ? { notice } : {};
}

/**
 * Approves or rejects an approval step from the run page: an optional comment, and for an
 * approval an optional JSON object as the payload later steps read.
 */
export async function decideApproval(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  const refused = await refusal('operator');
  if (refused) return { error: refused };
  const id = formText(form, 'id');
  const step = formText(form, 'step');
  const decision = formText(form, 'decision');
  const comment = formText(form, 'comment').trim();
  const payloadText = formText(form, 'payload').trim();
  if (decision !== 'approve' && decision !== 'reject') return { error: `Unknown decision ${JSON.stringify(decision)}` };
  let payload: Record<string, unknown> | undefined;
  if (payloadText) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payloadText);
    } catch (error) {
      return { error: `The payload is not valid JSON: ${(error as Error).message}` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return { error: 'The payload must be a JSON object, such as {"target": "eu"}' };
    payload = parsed as Record<string, unknown>;
  }
  try {
    const body = { ...(comment ? { comment } : {}), ...(payload && decision === 'approve' ? { payload } : {}) };
    const params = { params: { path: { id, step } }, body };
    const { error, response } =
      decision === 'approve'
        ? await (await api()).POST('/workflow-runs/{id}/steps/{step}/approve', params)
        : await (await api()).POST('/workflow-runs/{id}/steps/{step}/reject', params);
    if (!response.ok) return { error: describeError(error, response.status) };
  } catch (error) {
    return { error: unreachable(error) };
  }
  refresh();
  return {};
}

/** Reruns a completed or failed run from one step (and everything downstream of it). */
export async function rerunFromStep(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  const refused = await refusal('operator');
  if (refused) return { error: refused };
  const id = formText(form, 'id');
  const step = formText(form, 'step');
  try {
    const { error, response } = await (
      await api()
    ).POST('/workflow-runs/{id}/rerun', { params: { path: { id } }, body: { from_step: step } });
    if (!response.ok) return { error: describeError(error, response.status) };
  } catch (error) {
    return { error: unreachable(error) };
  }
  refresh();
  return {};
}

/** Which tasks a bulk action is for: the list's filters as the API takes them, and the rows selected (none: every task they match). */
export interface BulkScope {
  filter: Record<string, string>;
  ids?: string[];
}

export type BulkAnswer<T> = { ok: true; data: T } | { ok: false; error: string };

/** How many tasks `scope` matches, and to how many `action` applies now: what the confirmation shows. */
export async function bulkDryRun(action: TaskAction, scope: BulkScope): Promise<BulkAnswer<BulkDryRun>> {
  const refused = await refusal('operator');
  if (refused) return { ok: false, error: refused };
  try {
    const { data, error, response } = await (await api()).POST('/tasks/bulk', { body: { action, ...scope, dry_run: true } });
    // A dry run answers 200 with the counts; the document types the body of either success.
    if (!data || !('dry_run' in data)) return { ok: false, error: describeError(error, response.status) };
    return { ok: true, data };
  } catch (error) {
    return { ok: false, error: unreachable(error) };
  }
}

/** Starts `action` on every task of `scope`, as a bulk operation the page then follows. */
export async function startBulkAction(action: TaskAction, scope: BulkScope): Promise<BulkAnswer<BulkOperation>> {
  const refused = await refusal('operator');
  if (refused) return { ok: false, error: refused };
  try {
    const { data, error, response } = await (await api()).POST('/tasks/bulk', { body: { action, ...scope } });
    if (!data || 'dry_run' in data) return { ok: false, error: describeError(error, response.status) };
    return { ok: true, data };
  } catch (error) {
    return { ok: false, error: unreachable(error) };
  }
}

export async function readBulkOperation(id: string): Promise<BulkAnswer<BulkOperation>> {
  try {
    const { data, error, response } = await (await api()).GET('/bulk-operations/{id}', { params: { path: { id } } });
    if (!data) return { ok: false, error: describeError(error, response.status) };
    return { ok: true, data };
  } catch (error) {
    return { ok: false, error: unreachable(error) };
  }
}

export async function cancelBulkOperation(id: string): Promise<BulkAnswer<BulkOperation>> {
  const refused = await refusal('operator');
  if (refused) return { ok: false, error: refused };
  try {
    const { data, error, response } = await (await api()).POST('/bulk-operations/{id}/cancel', { params: { path: { id } } });
    if (!data) return { ok: false, error: describeError(error, response.status) };
    return { ok: true, data };
  } catch (error) {
    return { ok: false, error: unreachable(error) };
  }
}

/**
 * Runs a failed or cancelled task again with the parameters typed in `parametersJson` (a JSON
 * object), merged into its own or replacing them; the API keeps the version it had.
 */
export async function retryWithParameters(id: string, parametersJson: string, mode: 'merge' | 'replace'): Promise<ActionResult> {
  const refused = await refusal('operator');
  if (refused) return { error: refused };
  let parameters: unknown;
  try {
    parameters = JSON.parse(parametersJson);
  } catch (error) {
    return { error: `The parameters are not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return { error: 'The parameters must be a JSON object, such as {"message": "hello"}' };
  }
  try {
    const { error, response } = await (
      await api()
    ).POST('/tasks/{id}/retry', {
      params: { path: { id } },
      body: { parameters: parameters as Record<string, unknown>, mode },
    });
    if (!response.ok) {
      const fieldErrors = Object.fromEntries((error?.details ?? []).map((problem) => [problem.field, problem.message]));
      return { error: describeError(error, response.status), fieldErrors };
    }
  } catch (error) {
    return { error: unreachable(error) };
  }
  refresh();
  return { notice: 'Queued again with the new parameters.' };
}

/** Sends a webhook delivery again (same delivery id, so the receiver can tell it is a repeat). */
export async function redeliverWebhook(id: string): Promise<ActionResult> {
  const refused = await refusal('operator');
  if (refused) return { error: refused };
  try {
    const { error, response } = await (await api()).POST('/webhook-deliveries/{id}/redeliver', { params: { path: { id } } });
    if (!response.ok) return { error: describeError(error, response.status) };
  } catch (error) {
    return { error: unreachable(error) };
  }
  refresh();
  return { notice: 'Queued to be sent again.' };
}
