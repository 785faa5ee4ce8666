import type { TaskContext } from '../src/handlers/task-handler.js';

/** A TaskContext for unit tests of handlers: records every progress report. */
export function fakeContext(signal: AbortSignal = new AbortController().signal) {
  const reports: { percent: number; message?: string }[] = [];
  const context: TaskContext = {
    taskId: 'task-1',
    attempt: 1,
    signal,
    progress: (percent, message) => reports.push({ percent, message }),
  };
  return { context, reports };
}
