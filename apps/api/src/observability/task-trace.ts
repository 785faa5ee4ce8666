import type { TaskEntity } from '@atropos/db';
import type { TraceCarrier } from '@atropos/observability';
import { currentTraceCarrier, currentTraceId } from '@atropos/observability';

/**
 * The trace context each new task was created in, kept beside the entity until it is queued: the
 * creations of concurrent requests are queued together by whichever request goes first, so the
 * context of the moment of queueing is not necessarily the task's own.
 */
const carriers = new WeakMap<TaskEntity, TraceCarrier>();

/** Records the current trace (when tracing is on) on a new task: its trace_id column and the context its job will carry. */
export function traceNewTask(task: TaskEntity): TaskEntity {
  const carrier = currentTraceCarrier();
  if (!carrier.traceparent) return task;
  carriers.set(task, carrier);
  task.traceId = currentTraceId();
  return task;
}

/** What a task's job carries: the context it was created in, else (a retry, a re-queue) the current one. */
export function traceCarrierOf(task: TaskEntity): TraceCarrier {
  return carriers.get(task) ?? currentTraceCarrier();
}
