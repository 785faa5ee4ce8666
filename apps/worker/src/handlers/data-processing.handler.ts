import { Pacer } from './pacing.js';
import { seededRandom } from './seeded-random.js';
import type { TaskHandler } from './task-handler.js';

/** Used when a task gives no seed, so results are still reproducible. */
export const DEFAULT_SEED = 42;
/** Records per step at most: a few milliseconds of work, well under the pacer's yield interval. */
const MAX_CHUNK_SIZE = 50_000;
/** Steps at least, so a small, slow task still shows its progress every 1 %. */
const MIN_STEPS = 100;
/** Values are drawn from [0, VALUE_RANGE), so the histogram's buckets are fixed in advance. */
const VALUE_RANGE = 1000;
const BUCKET_COUNT = 10;

const formatCount = (n: number) => n.toLocaleString('en-US');

/**
 * Generates `record_count` values from `seed` and aggregates them in one streaming pass (Welford's
 * method for the deviation), so ten million records need no more memory than ten.
 */
export const processData = (async (parameters, context) => {
  const { record_count: recordCount, processing_time: processingTime } = parameters;
  const seed = parameters.seed ?? DEFAULT_SEED;
  const pacer = new Pacer(processingTime, context.signal);
  const random = seededRandom(seed);
  const bucketWidth = VALUE_RANGE / BUCKET_COUNT;
  const counts = new Array<number>(BUCKET_COUNT).fill(0);
  let count = 0;
  let sum = 0;
  let mean = 0;
  let squaredDeviations = 0;
  let min = Infinity;
  let max = -Infinity;

  const chunkSize = Math.min(MAX_CHUNK_SIZE, Math.ceil(recordCount / MIN_STEPS));
  context.log.info(`Aggregating ${formatCount(recordCount)} records from seed ${seed} in chunks of ${formatCount(chunkSize)}`);
  let loggedTenth = 0;
  while (count < recordCount) {
    const chunkEnd = Math.min(count + chunkSize, recordCount);
    while (count < chunkEnd) {
      // The mean of two uniform draws is triangular, so the histogram has a shape worth looking at.
      const value = ((random() + random()) / 2) * VALUE_RANGE;
      count++;
      sum += value;
      const delta = value - mean;
      mean += delta / count;
      squaredDeviations += delta * (value - mean);
      if (value < min) min = value;
      if (value > max) max = value;
      counts[Math.floor(value / bucketWidth)]!++;
    }
    await pacer.step(count, recordCount);
    const message = `Processed ${formatCount(count)} of ${formatCount(recordCount)} records`;
    context.progress((count / recordCount) * 100, message);
    // One line per tenth of the records: the log follows the work without repeating the progress bar.
    const tenth = Math.floor((count / recordCount) * 10);
    if (tenth > loggedTenth) {
      loggedTenth = tenth;
      context.log.info(message, { running_mean: Number(mean.toFixed(2)), min: Number(min.toFixed(2)), max: Number(max.toFixed(2)) });
    }
  }

  return {
    record_count: recordCount,
    seed,
    aggregates: { count, sum, mean, min, max, std_dev: Math.sqrt(squaredDeviations / count) },
    histogram: {
      bucket_width: bucketWidth,
      buckets: counts.map((bucketCount, i) => ({
        from: i * bucketWidth,
        to: (i + 1) * bucketWidth,
        count: bucketCount,
      })),
    },
  };
}) satisfies TaskHandler<'data_processing'>;
