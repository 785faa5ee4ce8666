import { describe, expect, it } from '@jest/globals';
import { createLogger } from '@atropos/observability';
import { AttemptLogBuffer, MAX_LINE_CHARS } from './attempt-log.js';
import type { NewLogLine } from './task-log.store.js';

function buffer(maxLines: number) {
  const batches: NewLogLine[][] = [];
  const dropped: number[] = [];
  const log = new AttemptLogBuffer(
    { taskId: 'task-1', attempt: 2 },
    maxLines,
    (lines) => {
      batches.push(lines);
      return Promise.resolve();
    },
    createLogger('test', { level: 'silent', format: 'json' }),
    (count) => dropped.push(count),
  );
  return { log, batches, dropped };
}

describe('AttemptLogBuffer', () => {
  it('stores the lines in order, in batches, with their level, fields and attempt', async () => {
    const { log, batches } = buffer(10);
    log.info('one', { n: 1 });
    log.warn('two');
    await log.flush();
    log.error('three');
    await log.close();
    expect(batches.map((batch) => batch.map((line) => line.message))).toEqual([['one', 'two'], ['three']]);
    expect(batches[0]![0]).toMatchObject({ taskId: 'task-1', attempt: 2, level: 'info', fields: { n: 1 } });
    expect(batches[0]![1]).toMatchObject({ level: 'warn', fields: null });
  });

  it('keeps maxLines lines, then one marker with the number dropped', async () => {
    const { log, batches, dropped } = buffer(3);
    for (let i = 1; i <= 10; i++) log.info(`line ${i}`);
    await log.close();
    const lines = batches.flat();
    expect(lines.map((line) => line.message)).toEqual([
      'line 1',
      'line 2',
      'line 3',
      "… 7 line(s) dropped: an attempt's log keeps its first 3 lines (TASK_LOG_MAX_LINES)",
    ]);
    expect(lines.at(-1)!.level).toBe('warn');
    expect(dropped).toEqual([7]);
  });

  it('cuts a huge message and stores fields JSON cannot hold as text', async () => {
    const { log, batches } = buffer(10);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    log.info('x'.repeat(MAX_LINE_CHARS + 5), { cyclic, big: 10n });
    await log.close();
    const [line] = batches.flat();
    expect(line!.message).toBe(`${'x'.repeat(MAX_LINE_CHARS)}… (5 more characters cut)`);
    expect(line!.fields).toEqual({ cyclic: '[object Object]', big: '10' });
  });
});
