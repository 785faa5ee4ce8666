import { z } from 'zod';
import { commonParameters, defineTaskType } from '../task-type.js';

export const dataProcessingTask = defineTaskType({
  name: 'data_processing',
  description:
    'Generates `record_count` records from `seed` and computes count, sum, mean, min, max, standard deviation and a 10-bucket histogram over them.',
  parameters: z.strictObject({
    ...commonParameters,
    record_count: z.int().min(1).max(10_000_000).default(1000).describe('How many records to generate and aggregate.'),
    seed: z
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional()
      .describe('Makes the records reproducible; a fixed default when omitted.'),
  }),
  result: z.strictObject({
    record_count: z.int().min(1).describe('Records generated and aggregated.'),
    seed: z.int().min(0).describe('The seed the records came from: the one given, or the fixed default.'),
    aggregates: z
      .strictObject({
        count: z.int().min(1),
        sum: z.number(),
        mean: z.number(),
        min: z.number(),
        max: z.number(),
        std_dev: z.number().min(0).describe('Population standard deviation.'),
      })
      .describe('Aggregates over every record.'),
    histogram: z
      .strictObject({
        bucket_width: z.number().gt(0),
        buckets: z
          .array(z.strictObject({ from: z.number(), to: z.number(), count: z.int().min(0) }))
          .describe('Equal-width buckets, lowest first.'),
      })
      .describe('How the values are spread.'),
  }),
  example: { processing_time: 5, record_count: 100_000, seed: 42 },
  // processing_time alone may take an hour; leave room for the work itself.
  defaultTimeoutS: 7200,
});
