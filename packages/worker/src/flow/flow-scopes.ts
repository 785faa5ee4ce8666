import type { FlowScope } from '@atropos/queue';
import { keyFlowScopeId, typeFlowScopeId } from '@atropos/queue';
import { concurrencyKeyOf } from '@atropos/tasks';
import type { AnyTask } from '../define-task.js';

/** What of a task's row decides its scopes. */
export interface FlowRow {
  parameters: unknown;
  /** The task's own key and limit (POST /tasks `concurrency`), which take the place of the type's template. */
  concurrencyKey?: string | null;
  concurrencyLimit?: number | null;
}

/**
 * The scopes a task of `task`'s type is counted in: its concurrency key's (its own, or the type's
 * key template filled from its parameters), then its type's. Empty for a task without limits.
 */
export function flowScopesOf(task: AnyTask, row: FlowRow): FlowScope[] {
  const limits = task.limits ?? {};
  const scopes: FlowScope[] = [];
  const key = row.concurrencyKey ?? (limits.key === undefined ? null : concurrencyKeyOf(limits.key, row.parameters));
  const keyConcurrency = row.concurrencyLimit ?? limits.key_concurrency;
  if (key !== null && (keyConcurrency !== undefined || limits.key_rate !== undefined)) {
    scopes.push({
      id: keyFlowScopeId(task.name, key),
      label: key,
      ...(keyConcurrency !== undefined ? { concurrency: keyConcurrency } : {}),
      ...(limits.key_rate ? { rate: { limit: limits.key_rate.limit, windowMs: Math.ceil(limits.key_rate.window_s * 1000) } } : {}),
    });
  }
  if (limits.concurrency !== undefined || limits.rate !== undefined) {
    scopes.push({
      id: typeFlowScopeId(task.name),
      label: `task type ${task.name}`,
      ...(limits.concurrency !== undefined ? { concurrency: limits.concurrency } : {}),
      ...(limits.rate ? { rate: { limit: limits.rate.limit, windowMs: Math.ceil(limits.rate.window_s * 1000) } } : {}),
    });
  }
  return scopes;
}

/** What GET /tasks/{id} says of a task a limit holds: `waiting: customer 42 at its limit of 1`. */
export function waitingReason(scope: FlowScope, limit: 'concurrency' | 'rate'): string {
  if (limit === 'rate' && scope.rate) {
    const window = scope.rate.windowMs % 1000 === 0 ? `${scope.rate.windowMs / 1000} s` : `${scope.rate.windowMs} ms`;
    return `waiting: ${scope.label} at its rate limit of ${scope.rate.limit} per ${window}`;
  }
  return `waiting: ${scope.label} at its limit of ${scope.concurrency ?? 0}`;
}
