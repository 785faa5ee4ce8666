import { describe, expect, it } from '@jest/globals';
import type { TaskParameters } from '@atropos/tasks';
import { DEFAULT_SEED, processData } from './data-processing.handler.js';
import { fakeContext } from '@atropos/worker/testing';

type DataParameters = TaskParameters<'data_processing'>;

const parameters = (overrides: Partial<DataParameters> = {}): DataParameters => ({
  processing_time: 0,
  fail_attempts: 0,
  record_count: 120_000,
  seed: 7,
  ...overrides,
});

describe('processData', () => {
  it('aggregates every record', async () => {
    const result = await processData(parameters(), fakeContext().context);
    const { count, sum, mean, min, max, std_dev } = result.aggregates;

    expect(result).toMatchObject({ record_count: 120_000, seed: 7 });
    expect(count).toBe(120_000);
    expect(0 <= min && min <= mean && mean <= max && max < 1000).toBe(true);
    expect(sum / count).toBeCloseTo(mean, 6);
    // The values follow a triangular distribution on [0, 1000): mean 500, deviation 1000/√24 ≈ 204.
    expect(mean).toBeCloseTo(500, -1);
    expect(std_dev).toBeCloseTo(1000 / Math.sqrt(24), -1);
  });

  it('counts every record in a 10-bucket histogram over [0, 1000)', async () => {
    const { histogram } = await processData(parameters(), fakeContext().context);

    expect(histogram.bucket_width).toBe(100);
    expect(histogram.buckets.map(({ from, to }) => [from, to])).toEqual(Array.from({ length: 10 }, (_, i) => [i * 100, (i + 1) * 100]));
    expect(histogram.buckets.reduce((total, bucket) => total + bucket.count, 0)).toBe(120_000);
  });

  it('gives the same result for the same seed, and another for another seed', async () => {
    const first = await processData(parameters(), fakeContext().context);
    expect(await processData(parameters(), fakeContext().context)).toEqual(first);
    expect(await processData(parameters({ seed: 8 }), fakeContext().context)).not.toEqual(first);
  });

  it('uses a fixed seed when none is given', async () => {
    const withoutSeed = await processData(parameters({ seed: undefined }), fakeContext().context);
    expect(withoutSeed.seed).toBe(DEFAULT_SEED);
    expect(withoutSeed).toEqual(await processData(parameters({ seed: DEFAULT_SEED }), fakeContext().context));
  });

  it('handles a single record', async () => {
    const { aggregates } = await processData(parameters({ record_count: 1 }), fakeContext().context);
    const { mean } = aggregates;
    expect(aggregates).toMatchObject({ count: 1, std_dev: 0, sum: mean, min: mean, max: mean });
  });

  it('reports progress at least every 1 %, rising to 100', async () => {
    const { context, reports } = fakeContext();
    await processData(parameters(), context);

    const percents = reports.map((report) => report.percent);
    expect(percents).toHaveLength(100);
    expect(percents[0]).toBeCloseTo(1);
    expect(percents.at(-1)).toBe(100);
    expect(percents.every((percent, i) => i === 0 || percent > percents[i - 1]!)).toBe(true);
    expect(reports[0]?.message).toBe('Processed 1,200 of 120,000 records');
    expect(reports.at(-1)?.message).toBe('Processed 120,000 of 120,000 records');
  });

  it('keeps to 1 % steps for large counts too', async () => {
    const { context, reports } = fakeContext();
    await processData(parameters({ record_count: 2_000_000 }), context);
    expect(reports).toHaveLength(100);
    expect(reports[0]?.message).toBe('Processed 20,000 of 2,000,000 records');
  });

  it('rejects without working when the signal has already aborted', async () => {
    const { context, reports } = fakeContext(AbortSignal.abort(new Error('stopped')));
    await expect(processData(parameters(), context)).rejects.toThrow('stopped');
    expect(reports).toEqual([]);
  });

  it("stops with the signal's reason when it aborts mid-run", async () => {
    const controller = new AbortController();
    const reason = new Error('stopping');
    const { context, reports } = fakeContext(controller.signal);
    const running = processData(parameters(), {
      ...context,
      progress: (percent) => {
        reports.push({ percent });
        controller.abort(reason);
      },
    });

    await expect(running).rejects.toBe(reason);
    expect(reports).toHaveLength(1);
  });
});
