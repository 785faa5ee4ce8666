import type { TaskEventPosition } from '@atropos/queue';
import { formatTaskEventId } from '@atropos/queue';
import type { TaskEvent } from '@atropos/tasks';
import { sseFrame } from './sse-response.js';

/**
 * One task event as every SSE client gets it: its position in the log, what the filters compare,
 * and its SSE frame (`event:`, `id:`, `data:`), built (its data serialised) once per event, not
 * once per client.
 */
export interface DeliveredTaskEvent {
  position: TaskEventPosition;
  type: TaskEvent['type'];
  tenant: string;
  taskId: string;
  frame: string;
}

/** Which events a client watches: those of a tenant (null: of every tenant), maybe of one task only. */
export interface TaskEventFilter {
  tenant: string | null;
  taskId: string | undefined;
}

export type TaskEventListener = (event: DeliveredTaskEvent) => void;

export function deliveredTaskEvent(position: TaskEventPosition, event: TaskEvent): DeliveredTaskEvent {
  return {
    position,
    tenant: event.type === 'task.deleted' ? event.tenant : event.task.tenant,
    taskId: event.type === 'task.deleted' ? event.task_id : event.task.id,
    type: event.type,
    frame: sseFrame(event.type, formatTaskEventId(position), JSON.stringify(event)),
  };
}

export function matchesFilter(filter: TaskEventFilter, event: DeliveredTaskEvent): boolean {
  return (filter.tenant === null || filter.tenant === event.tenant) && (filter.taskId === undefined || filter.taskId === event.taskId);
}

/**
 * The SSE clients of one API process, indexed by what they watch: an event reaches the listeners
 * of its task, of its tenant and of every tenant, so its cost grows with the clients that want it,
 * not with all the clients connected (a thousand one-task streams cost an event one map lookup).
 * Listeners are called in the order events are dispatched, synchronously.
 */
export class TaskEventFanout {
  private readonly ofEveryTenant = new Set<TaskEventListener>();
  private readonly byTenant = new Map<string, Set<TaskEventListener>>();
  private readonly byTask = new Map<string, Set<TaskEventListener>>();
  private count = 0;

  /** Listeners registered now. */
  get size(): number {
    return this.count;
  }

  /** Calls `listener` with every event that matches `filter` from now on, until the function returned is called. */
  listen(filter: TaskEventFilter, listener: TaskEventListener): () => void {
    let remove: () => void;
    if (filter.taskId !== undefined) {
      // Another tenant's task_id streams nothing, as an unknown one does.
      const { tenant, taskId } = filter;
      const checked: TaskEventListener =
        tenant === null
          ? listener
          : (event) => {
              if (event.tenant === tenant) listener(event);
            };
      setIn(this.byTask, taskId).add(checked);
      remove = () => dropFrom(this.byTask, taskId, checked);
    } else if (filter.tenant !== null) {
      const tenant = filter.tenant;
      setIn(this.byTenant, tenant).add(listener);
      remove = () => dropFrom(this.byTenant, tenant, listener);
    } else {
      this.ofEveryTenant.add(listener);
      remove = () => this.ofEveryTenant.delete(listener);
    }
    this.count++;
    let listening = true;
    return () => {
      if (!listening) return;
      listening = false;
      this.count--;
      remove();
    };
  }

  dispatch(event: DeliveredTaskEvent): void {
    for (const listener of this.ofEveryTenant) listener(event);
    const ofTenant = this.byTenant.get(event.tenant);
    if (ofTenant) for (const listener of ofTenant) listener(event);
    const ofTask = this.byTask.get(event.taskId);
    if (ofTask) for (const listener of ofTask) listener(event);
  }
}

function setIn(map: Map<string, Set<TaskEventListener>>, key: string): Set<TaskEventListener> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

function dropFrom(map: Map<string, Set<TaskEventListener>>, key: string, listener: TaskEventListener): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(listener);
  if (set.size === 0) map.delete(key);
}
