import { describe, expect, it } from '@jest/globals';
import type { TaskParameters } from '@atropos/tasks';
import { echo } from './default.handler.js';
import { fakeContext } from '@atropos/worker/testing';

type EchoParameters = TaskParameters<'default'>;

const parameters = (overrides: Partial<EchoParameters> = {}): EchoParameters => ({
  processing_time: 0,
  fail_attempts: 0,
  ...overrides,
});

describe('echo', () => {
  it('returns the message, or null without one', async () => {
    expect(await echo(parameters({ message: 'hello' }), fakeContext().context)).toEqual({ message: 'hello' });
    expect(await echo(parameters(), fakeContext().context)).toEqual({ message: null });
  });

  it('takes the processing time, reporting progress up to 100', async () => {
    const { context, reports } = fakeContext();
    const started = performance.now();
    await echo(parameters({ processing_time: 0.3 }), context);

    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(reports.map((report) => report.percent)).toEqual([25, 50, 75, 100]);
    expect(reports.at(-1)?.message).toBe('Waited 0.3 of 0.3 s');
  });

  it('rejects without waiting when the signal has already aborted', async () => {
    const { context, reports } = fakeContext(AbortSignal.abort(new Error('stopped')));
    await expect(echo(parameters({ processing_time: 60 }), context)).rejects.toThrow('stopped');
    expect(reports).toEqual([]);
  });

  it("stops with the signal's reason as soon as it aborts mid-wait", async () => {
    const controller = new AbortController();
    const reason = new Error('stopping');
    const started = performance.now();
    setTimeout(() => controller.abort(reason), 50);

    const running = echo(parameters({ processing_time: 60 }), fakeContext(controller.signal).context);
    await expect(running).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
