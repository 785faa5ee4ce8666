import type { TaskContext } from '../runner/task-context.js';

/** A TaskContext for unit tests of handlers: records every progress report, log line and saved artifact. */
export function fakeContext(signal: AbortSignal = new AbortController().signal) {
  const reports: { percent: number; message?: string }[] = [];
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  const artifacts = new Map<string, { content: Buffer; contentType: string }>();
  const context: TaskContext = {
    taskId: 'task-1',
    attempt: 1,
    signal,
    progress: (percent, message) => reports.push({ percent, message }),
    saveArtifact: (name, content, contentType) => {
      artifacts.set(name, { content: Buffer.from(content), contentType });
      return Promise.resolve();
    },
    log: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
  };
  return { context, reports, artifacts, lines };
}
