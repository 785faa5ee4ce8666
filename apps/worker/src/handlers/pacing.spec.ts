import { describe, expect, it } from '@jest/globals';
import { Pacer, sleep } from './pacing.js';

const neverAborted = () => new AbortController().signal;

/** Keeps the CPU busy, as a handler's work would. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('sleep', () => {
  it('resolves after the time given', async () => {
    const started = performance.now();
    await sleep(50, neverAborted());
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it("rejects with the signal's reason as soon as it aborts", async () => {
    const controller = new AbortController();
    const reason = new Error('stopping');
    const started = performance.now();
    setTimeout(() => controller.abort(reason), 20);
    await expect(sleep(10_000, controller.signal)).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rejects at once when the signal has already aborted', async () => {
    const reason = new Error('stopped');
    await expect(sleep(10_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});

describe('Pacer', () => {
  it('spreads the steps over the processing time', async () => {
    const started = performance.now();
    const pacer = new Pacer(0.3, neverAborted());
    const reachedAt: number[] = [];
    for (let step = 1; step <= 3; step++) {
      await pacer.step(step, 3);
      reachedAt.push(performance.now() - started);
    }
    expect(reachedAt[0]).toBeGreaterThanOrEqual(90);
    expect(reachedAt[2]).toBeGreaterThanOrEqual(290);
    expect(reachedAt[2]).toBeLessThan(1000);
  });

  it('does not wait when the processing time is 0', async () => {
    const started = performance.now();
    const pacer = new Pacer(0, neverAborted());
    for (let step = 1; step <= 1000; step++) await pacer.step(step, 1000);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('lets timers run during CPU-bound work', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const pacer = new Pacer(0, neverAborted());
    for (let step = 1; step <= 40; step++) {
      busy(5);
      await pacer.step(step, 40);
    }
    clearInterval(timer);
    // 200 ms of work with a yield every ~20 ms: about ten ticks; none if the loop were blocked.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it("throws the signal's reason when it aborts during a wait", async () => {
    const controller = new AbortController();
    const reason = new Error('stopping');
    const pacer = new Pacer(60, controller.signal);
    setTimeout(() => controller.abort(reason), 20);
    await expect(pacer.step(1, 2)).rejects.toBe(reason);
  });

  it('throws when the signal aborts between steps that need no wait', async () => {
    const controller = new AbortController();
    const pacer = new Pacer(0, controller.signal);
    await pacer.step(1, 3);
    controller.abort(new Error('stopping'));
    await expect(pacer.step(2, 3)).rejects.toThrow('stopping');
  });

  it('refuses to start when the signal has already aborted', () => {
    expect(() => new Pacer(0, AbortSignal.abort(new Error('stopped')))).toThrow('stopped');
  });
});
