import type { FieldError, TaskResult } from '../errors.js';
import type { JsonSchema } from './parameters.js';
import { describeSchema } from './parameters.js';
import type { ApiKey, QueueSummary, TaskDetail, TaskSummary, TaskType, User, Workflow, WorkflowRun } from '../types.js';

/** Columns padded to their widest cell; the last column is not padded. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `2026-11-23T22:28:47.160Z` as `2026-11-23 22:28:47` (UTC), shorter in a table. */
export function shortTime(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').slice(0, 19) : '-';
}

export function taskTable(tasks: TaskSummary[]): string {
  return table([
    ['ID', 'TYPE', 'STATUS', 'PROGRESS', 'CREATED (UTC)'],
    ...tasks.map((task) => [task.id, task.task_type, task.status, `${task.progress}%`, shortTime(task.created_at)]),
  ]);
}

/** API keys as `atropos keys list` prints them: never a secret (the API has none to give). */
export function keyTable(keys: ApiKey[]): string {
  const state = (key: ApiKey) =>
    key.revoked_at ? 'revoked' : key.expires_at && Date.parse(key.expires_at) <= Date.now() ? 'expired' : 'active';
  return table([
    ['ID', 'NAME', 'TENANT', 'SCOPE', 'STATE', 'EXPIRES (UTC)', 'LAST USED (UTC)'],
    ...keys.map((key) => [key.id, key.name, key.tenant, key.scope, state(key), shortTime(key.expires_at), shortTime(key.last_used_at)]),
  ]);
}

export function userTable(users: User[]): string {
  return table([
    ['ID', 'EMAIL', 'ROLE', 'TENANT', 'STATE', 'CREATED (UTC)'],
    ...users.map((user) => [
      user.id,
      user.email,
      user.role,
      user.tenant,
      user.disabled_at ? 'disabled' : 'active',
      shortTime(user.created_at),
    ]),
  ]);
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** The whole task as `atropos tasks get` prints it. */
export function taskDetails(task: TaskDetail): string {
  const lines = [
    `Task        ${task.id}`,
    `Type        ${task.task_type}`,
    `Status      ${task.status} (${task.progress}%)${task.progress_message ? `  ${task.progress_message}` : ''}`,
    `Attempts    ${task.attempts} of ${task.max_attempts}`,
    `Priority    ${task.priority}`,
    `Created     ${shortTime(task.created_at)} UTC`,
  ];
  if (task.scheduled_for) lines.push(`Scheduled   ${shortTime(task.scheduled_for)} UTC`);
  if (task.started_at) lines.push(`Started     ${shortTime(task.started_at)} UTC`);
  if (task.completed_at) lines.push(`Finished    ${shortTime(task.completed_at)} UTC`);
  if (task.worker_id) lines.push(`Worker      ${task.worker_id}`);
  if (task.waiting_reason) lines.push(`Waiting     ${task.waiting_reason.replace(/^waiting: /, '')}`);
  lines.push(`Parameters  ${JSON.stringify(task.parameters)}`);
  if (task.result !== null && task.result !== undefined) lines.push(`Result      ${indent(json(task.result))}`);
  if (task.error) lines.push(`Error       ${task.error}`);
  if (task.attempt_errors.length > 0) {
    lines.push('Attempt errors');
    for (const failure of task.attempt_errors) lines.push(`  #${failure.attempt} ${shortTime(failure.failed_at)} ${failure.error}`);
  }
  if (task.artifacts.length > 0) {
    lines.push('Artifacts');
    for (const artifact of task.artifacts) lines.push(`  ${artifact.name} (${artifact.content_type}, ${artifact.size_bytes} bytes)`);
  }
  return lines.join('\n');
}

/** Why a task failed, with every attempt's error, for stderr. */
export function failureDetails(outcome: TaskResult): string {
  const lines = [
    outcome.status === 'cancelled'
      ? `Task ${outcome.id} was cancelled`
      : `Task ${outcome.id} failed: ${outcome.error ?? 'no error recorded'}`,
  ];
  for (const failure of outcome.attempt_errors) lines.push(`  attempt ${failure.attempt}: ${failure.error}`);
  return lines.join('\n');
}

export function fieldErrors(fields: FieldError[]): string {
  return fields.map((field) => `  ${field.field}: ${field.message}`).join('\n');
}

/** The queues (pools of workers), one line each, for `atropos queues`. */
export function queueTable(queues: QueueSummary[]): string {
  return table([
    ['QUEUE', 'WAITING', 'ACTIVE', 'DELAYED', 'WORKERS', 'STATE', 'TASK TYPES'],
    ...queues.map((queue) => [
      queue.name,
      String(queue.waiting),
      String(queue.active),
      String(queue.delayed),
      String(queue.workers),
      queue.paused ? 'paused' : queue.workers === 0 && queue.waiting + queue.delayed > 0 ? 'no worker' : 'running',
      queue.task_types.join(', '),
    ]),
  ]);
}

export function typeTable(types: TaskType[]): string {
  return table([['NAME', 'KIND', 'DESCRIPTION'], ...types.map((type) => [type.name, type.kind, type.description])]);
}

/** One type's parameters and an example command, for `atropos types <name>`. */
export function typeDetails(type: TaskType): string {
  const schema = type.parameters_schema as JsonSchema;
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const lines = [`${type.name} (${type.kind})`, `  ${type.description}`, ''];
  if (properties.length === 0) {
    lines.push('Parameters: none');
  } else {
    lines.push('Parameters (--param key=value):');
    lines.push(
      indentBy(
        table(
          properties.map(([key, property]) => [
            key,
            `${describeSchema(property)}${required.has(key) && !('default' in property) ? ', required' : ''}`,
            property.description ?? '',
          ]),
        ),
        '  ',
      ),
    );
  }
  const result = type.result_schema as JsonSchema | null;
  const fields = Object.entries(result?.properties ?? {});
  if (fields.length > 0) {
    lines.push('', 'Result (printed by --wait):');
    lines.push(indentBy(table(fields.map(([key, property]) => [key, describeSchema(property), property.description ?? ''])), '  '));
  }
  const example = Object.entries(type.example)
    .map(([key, value]) => ` --param ${key}=${shellWord(typeof value === 'string' ? value : JSON.stringify(value))}`)
    .join('');
  lines.push('', 'Example:', `  atropos tasks create ${type.name}${example} --wait`);
  return lines.join('\n');
}

export function workflowTable(workflows: Workflow[]): string {
  return table([
    ['NAME', 'STEPS', 'INPUT', 'DESCRIPTION'],
    ...workflows.map((workflow) => [
      workflow.name,
      workflow.steps.map((step) => step.name).join(' → '),
      workflow.input_paths.join(', ') || '-',
      workflow.description,
    ]),
  ]);
}

export function runDetails(run: WorkflowRun): string {
  const lines = [
    `Run         ${run.id}`,
    `Workflow    ${run.workflow}`,
    `Status      ${run.status}`,
    `Input       ${JSON.stringify(run.input)}`,
  ];
  if (run.error) lines.push(`Error       ${run.error}`);
  lines.push('Steps');
  lines.push(
    indentBy(
      table(
        run.steps.map((step) => [
          `${step.index + 1}.`,
          step.name,
          step.task_type ?? step.kind,
          step.status,
          step.task_id ? `${step.progress}%` : '',
          step.task_id ?? '',
        ]),
      ),
      '  ',
    ),
  );
  return lines.join('\n');
}

/** Statuses of a step that is over, one way or the other. */
const STEP_OVER = new Set(['completed', 'failed', 'cancelled', 'skipped', 'approved', 'rejected']);

/** A run's progress as one figure: steps that are over count whole, the running ones by their progress. */
export function runProgress(run: WorkflowRun): { percent: number; message: string } {
  const steps = run.steps;
  const over = steps.filter((step) => STEP_OVER.has(step.status)).length;
  const active = steps.filter((step) => !STEP_OVER.has(step.status) && step.status !== 'waiting');
  const running = active.reduce((sum, step) => sum + step.progress / 100, 0);
  const percent = steps.length === 0 ? 100 : Math.round(((over + running) / steps.length) * 100);
  const now = active.map((step) => `${step.name}: ${step.status}${step.progress_message ? ` ${step.progress_message}` : ''}`);
  return { percent, message: [`${over}/${steps.length} steps done`, ...now].join('; ') };
}

function indent(text: string): string {
  return text.split('\n').join('\n            ');
}

function indentBy(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** A value as one shell word: quoted when it holds anything a shell would split or expand. */
function shellWord(value: string): string {
  return /^[\w.,:/@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
