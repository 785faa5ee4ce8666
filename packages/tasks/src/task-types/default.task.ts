import { z } from 'zod';
import { commonParameters, defineTaskType } from '../task-type.js';

export const defaultTask = defineTaskType({
  name: 'default',
  description: 'Waits `processing_time` seconds and echoes `message` back: the smallest task there is.',
  parameters: z.strictObject({
    ...commonParameters,
    message: z.string().max(10_000).optional().describe('Text returned as the result.'),
  }),
  result: z.strictObject({
    message: z.string().nullable().describe('The `message` parameter, or null when none was given.'),
  }),
  example: { processing_time: 1, message: 'hello' },
  // processing_time alone may take an hour; leave room for the work itself.
  defaultTimeoutS: 7200,
});
