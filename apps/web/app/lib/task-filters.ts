import type { ListTasksQuery, TaskStatus } from '@atropos/client';
import { isTaskStatus } from './task-status';

/**
 * The task list's filters as they live in the URL, in the API's own words so a filtered list can
 * be bookmarked and read: `status=pending,retrying`, `type`, `created_after` / `created_before`
 * (ISO 8601 with the browser's offset, e.g. `2026-11-23T10:15:00+01:00`), `name` (searched),
 * `param.<key>=<value>`, `result.<key>=<value>` and `label.<key>=<value>`. Times, `name` and the
 * keyed filters go to the API as written, so an invalid one is answered by the API's 400 message
 * rather than silently dropped.
 */

export type SearchParams = Record<string, string | string[] | undefined>;

export interface TaskListFilters {
  statuses: TaskStatus[];
  type?: string;
  createdAfter?: string;
  createdBefore?: string;
  /** Only the step tasks of this workflow run (a link from the run's page). */
  workflowRunId?: string;
  /** Text the task's name contains. */
  name?: string;
  /** `param.<key>`, `result.<key>` and `label.<key>` filters, in URL order: [`param.seed`, `42`]. */
  json: [string, string][];
}

const JSON_FILTER = /^(param|result|label)\./;

export const isJsonFilterKey = (key: string) => JSON_FILTER.test(key);

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export function readFilters(params: SearchParams): TaskListFilters {
  // `status=a,b` from the page, or `status=a&status=b` from the form without JavaScript.
  const statuses = [params.status ?? []].flat().flatMap((value) => value.split(','));
  return {
    statuses: [...new Set(statuses.map((status) => status.trim()).filter(isTaskStatus))],
    type: first(params.type),
    createdAfter: first(params.created_after),
    createdBefore: first(params.created_before),
    workflowRunId: first(params.workflow_run_id),
    name: first(params.name)?.trim() || undefined,
    json: Object.entries(params).flatMap(([key, value]) =>
      isJsonFilterKey(key) && first(value) !== undefined ? [[key, first(value)!] as [string, string]] : [],
    ),
  };
}

export const hasFilters = (filters: TaskListFilters) =>
  filters.statuses.length > 0 ||
  Boolean(filters.type || filters.createdAfter || filters.createdBefore || filters.workflowRunId || filters.name) ||
  filters.json.length > 0;

/** The filters as a query string, without a cursor: the links to other pages add theirs. */
export function filterQuery(filters: TaskListFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.statuses.length > 0) query.set('status', filters.statuses.join(','));
  if (filters.type) query.set('type', filters.type);
  if (filters.createdAfter) query.set('created_after', filters.createdAfter);
  if (filters.createdBefore) query.set('created_before', filters.createdBefore);
  if (filters.workflowRunId) query.set('workflow_run_id', filters.workflowRunId);
  if (filters.name) query.set('name', filters.name);
  for (const [key, value] of filters.json) query.set(key, value);
  return query;
}

/** `/tasks?…`, with the commas of `status` left readable. */
export function tasksHref(query: URLSearchParams): string {
  return query.size > 0 ? `/tasks?${query.toString().replace(/%2C/gi, ',')}` : '/tasks';
}

/** `param.<key>`, `result.<key>` and `label.<key>` have open names: the client's type declares them as a pattern. */
export type TaskListQuery = ListTasksQuery & Record<`param.${string}` | `result.${string}` | `label.${string}`, string>;

export function toApiQuery(filters: TaskListFilters, typeNames: string[], extra: Pick<ListTasksQuery, 'limit' | 'cursor'>): TaskListQuery {
  const query: TaskListQuery = { ...extra };
  if (filters.statuses.length > 0) query.status = filters.statuses.join(',');
  if (filters.type && typeNames.includes(filters.type)) query.task_type = filters.type;
  if (filters.createdAfter) query.created_after = filters.createdAfter;
  if (filters.createdBefore) query.created_before = filters.createdBefore;
  if (filters.workflowRunId) query.workflow_run_id = filters.workflowRunId;
  if (filters.name) query.name = filters.name;
  for (const [key, value] of filters.json) query[key as `param.${string}`] = value;
  return query;
}

/** The list filtered by one label: where a label shown on a task links to. */
export function labelHref(key: string, value: string): string {
  return tasksHref(new URLSearchParams([[`label.${key}`, value]]));
}

/**
 * A `datetime-local` value (`2026-11-23T10:15`) as an ISO time with the offset its zone had at
 * that moment (`2026-11-23T10:15:00+01:00`). Runs in the browser, so the zone is the person's.
 */
export function zonedTime(local: string, offsetMinutes: (date: Date) => number = (date) => -date.getTimezoneOffset()): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?/.exec(local);
  const date = new Date(local);
  if (!match || Number.isNaN(date.getTime())) return undefined;
  const offset = offsetMinutes(date);
  const pad = (n: number) => String(n).padStart(2, '0');
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${match[1]!}${match[2] ?? ':00'}${zone}`;
}

/**
 * The `datetime-local` value of a time from the URL: its wall-clock part, which is the browser's
 * own time since the browser wrote the offset. The same on the server and in the browser, so the
 * form hydrates without a mismatch.
 */
export function localInputValue(time: string | undefined): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.exec(time ?? '')?.[0] ?? '';
}
