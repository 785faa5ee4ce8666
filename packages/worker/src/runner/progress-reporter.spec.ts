import { describe, expect, it } from '@jest/globals';
import { ProgressReporter } from './progress-reporter.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingReporter(intervalMs: number) {
  const writes: Array<[number, string | null]> = [];
  const reporter = new ProgressReporter((percent, message) => {
    writes.push([percent, message]);
    return Promise.resolve();
  }, intervalMs);
  return { writes, reporter };
}

describe('ProgressReporter', () => {
  it('writes at most once per interval from the start, the latest report winning', async () => {
    const { writes, reporter } = recordingReporter(100);
    for (let percent = 1; percent <= 50; percent += 1) reporter.report(percent, `step ${percent}`);
    expect(writes).toEqual([]);
    await sleep(150);
    expect(writes).toEqual([[50, 'step 50']]);
    reporter.report(60, 'step 60');
    reporter.report(70, 'step 70');
    await sleep(150);
    expect(writes).toEqual([
      [50, 'step 50'],
      [70, 'step 70'],
    ]);
    await reporter.stop();
  });

  it('writes nothing for an attempt that ends within the first interval', async () => {
    const { writes, reporter } = recordingReporter(100);
    reporter.report(25);
    reporter.report(100);
    await reporter.stop();
    expect(writes).toEqual([]);
  });

  it('clamps and rounds percentages and keeps the last message when a report has none', async () => {
    const { writes, reporter } = recordingReporter(0);
    reporter.report(140, 'almost');
    await sleep(5);
    reporter.report(-3);
    await sleep(5);
    reporter.report(33.6);
    await reporter.stop();
    expect(writes).toEqual([
      [100, 'almost'],
      [0, 'almost'],
      [34, 'almost'],
    ]);
    expect(reporter.lastMessage).toBe('almost');
  });

  it('writes nothing after stop, so a final status is never overwritten by progress', async () => {
    const { writes, reporter } = recordingReporter(50);
    reporter.report(10);
    await sleep(80);
    reporter.report(20);
    await reporter.stop();
    reporter.report(30);
    await sleep(80);
    expect(writes).toEqual([[10, null]]);
  });
});
