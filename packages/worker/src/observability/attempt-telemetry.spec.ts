import { describe, expect, it } from '@jest/globals';
import type { Logger } from '@atropos/observability';
import { currentLogger } from '@atropos/observability';
import type { TaskJobData } from '@atropos/queue';
import type { Job } from 'bull';
import type { WorkerConfig } from '../worker-config.js';
import { AttemptTelemetry } from './attempt-telemetry.js';
import type { TaskLogStore } from './task-log.store.js';
import type { WorkerMetrics } from './worker-metrics.js';

/** A stand-in for pino: children merge their fields, lines are kept with the fields of their logger. */
class RecordingLogger {
  static children = 0;
  constructor(
    private readonly fields: Record<string, unknown>,
    private readonly lines: Array<Record<string, unknown>>,
    private readonly debugOn: boolean,
  ) {}
  child(fields: Record<string, unknown>): RecordingLogger {
    RecordingLogger.children++;
    return new RecordingLogger({ ...this.fields, ...fields }, this.lines, this.debugOn);
  }
  isLevelEnabled(level: string): boolean {
    return level !== 'debug' || this.debugOn;
  }
  debug(first: unknown, message?: string): void {
    if (this.debugOn) this.write(first, message);
  }
  info(first: unknown, message?: string): void {
    this.write(first, message);
  }
  warn(first: unknown, message?: string): void {
    this.write(first, message);
  }
  private write(first: unknown, message?: string): void {
    const fields = typeof first === 'object' && first !== null ? first : {};
    this.lines.push({ ...this.fields, ...fields, msg: typeof first === 'string' ? first : message });
  }
}

const noop = () => undefined;
const metrics = {
  tasks: { started: { inc: noop }, completed: { inc: noop }, failed: { inc: noop }, retried: { inc: noop } },
  inFlight: { inc: noop, dec: noop },
  queueWait: { observe: noop },
  runDuration: { observe: noop },
  logLinesDropped: { inc: noop },
} as unknown as WorkerMetrics;
const logs = { write: () => Promise.resolve() } as unknown as TaskLogStore;
const config = { workerId: 'w1', taskLogMaxLines: 100 } as WorkerConfig;
const job = { data: { taskId: 't1' }, attemptsMade: 0, timestamp: Date.now(), opts: {} } as unknown as Job<TaskJobData>;

function telemetry(debugOn: boolean) {
  const lines: Array<Record<string, unknown>> = [];
  const root = new RecordingLogger({ worker_id: 'w1' }, lines, debugOn);
  return { lines, root, telemetry: new AttemptTelemetry(config, metrics, logs, root as unknown as Logger) };
}

describe('AttemptTelemetry', () => {
  it('writes the lines of a claimed attempt with its task_id, task_type and attempt', async () => {
    const { lines, root, telemetry: t } = telemetry(true);
    await t.observe(job, async (observed) => {
      observed.claimed({ taskId: 't1', taskType: 'echo', attempt: 2 });
      currentLogger(root as unknown as Logger).info('inside');
      observed.log.info('handler line');
      observed.ended('completed');
      await observed.log.flush();
    });
    const expected = { worker_id: 'w1', task_id: 't1', task_type: 'echo', attempt: 2 };
    expect(lines.map((line) => line['msg'])).toEqual(['Attempt started', 'inside', 'handler line', 'Attempt completed']);
    for (const line of lines) expect(line).toMatchObject(expected);
  });

  it('adds the claim fields to a logger made before the claim', async () => {
    const { lines, root, telemetry: t } = telemetry(false);
    await t.observe(job, (observed) => {
      currentLogger(root as unknown as Logger).info('before');
      observed.claimed({ taskId: 't1', taskType: 'echo', attempt: 1 });
      currentLogger(root as unknown as Logger).warn('after');
      return Promise.resolve();
    });
    expect(lines).toEqual([
      { worker_id: 'w1', task_id: 't1', msg: 'before' },
      { worker_id: 'w1', task_id: 't1', task_type: 'echo', attempt: 1, msg: 'after' },
    ]);
  });

  it('makes no child logger for an attempt that writes no line at a level logged', async () => {
    const { lines, telemetry: t } = telemetry(false);
    RecordingLogger.children = 0;
    await t.observe(job, async (observed) => {
      observed.claimed({ taskId: 't1', taskType: 'echo', attempt: 1 });
      observed.log.debug('echoed at debug only');
      observed.ended('completed');
      await observed.log.flush();
    });
    expect(RecordingLogger.children).toBe(0);
    expect(lines).toEqual([]);
  });
});
