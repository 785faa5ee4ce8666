import type { TaskContext } from '../runner/task-context.js';

/** A TaskContext for unit tests of handlers: records every progress report and saved artifact. */
export function fakeContext(signal: AbortSignal = new AbortController().signal) {
  const reports: { percent: number; message?: string }[] = [];
  const artifacts = new Map<string, { content: Buffer; contentType: string }>();
  const context: TaskContext = {
    taskId: 'task-1',
    attempt: 1,
    signal,
    progress: (percent, message) => reports.push({ percent, message }),
    saveArtifact: async (name, content, contentType) => {
      artifacts.set(name, { content: Buffer.from(content), contentType });
    },
  };
  return { context, reports, artifacts };
}
