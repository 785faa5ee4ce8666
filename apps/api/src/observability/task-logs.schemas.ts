import { TASK_LOG_LEVELS } from '@atropos/observability';
import type { TaskLogLevel } from '@atropos/observability';
import { z } from 'zod';

const levelList = z
  .string()
  .describe(`One level, or several separated by commas (any of them matches): ${TASK_LOG_LEVELS.join(', ')}.`)
  .transform((value, context) => {
    const levels = value.split(',').map((part) => part.trim());
    const unknown = levels.filter((level) => !(TASK_LOG_LEVELS as readonly string[]).includes(level));
    if (unknown.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `${unknown.map((level) => JSON.stringify(level)).join(', ')} is not a level; valid levels are ${TASK_LOG_LEVELS.join(', ')}`,
      });
      return z.NEVER;
    }
    return levels as TaskLogLevel[];
  });

const lineId = z.string().regex(/^\d{1,18}$/, { error: 'must be the id of a log line (digits), e.g. a next_cursor' });

const filters = {
  attempt: z.coerce.number().int().min(1).max(1_000_000).optional().describe('Only the lines of this attempt (1 for the first).'),
  level: levelList.optional(),
};

export const taskLogsQuery = z.strictObject({
  ...filters,
  cursor: lineId.optional().describe('The `next_cursor` of the previous page: lines after it.'),
  limit: z.coerce.number().int().min(1).max(1000).default(200).describe('Page size, 1–1000.'),
});
export type TaskLogsQuery = z.output<typeof taskLogsQuery>;

export const taskLogStreamQuery = z.strictObject({
  ...filters,
  after: lineId.optional().describe('Start after this line id (a `next_cursor`, or the last line seen); from the first line without it.'),
});
export type TaskLogStreamQuery = z.output<typeof taskLogStreamQuery>;

export const taskLogLineSchema = z
  .object({
    id: z.string().meta({ example: '1042' }).describe('Increases with every line; lines are in this order.'),
    task_id: z.uuid(),
    attempt: z.int().meta({ example: 1 }),
    level: z.enum(TASK_LOG_LEVELS),
    message: z.string().meta({ example: 'Processed 50,000 of 100,000 records' }),
    fields: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('What the handler passed with the line; `{"stream": "stdout" | "stderr"}` for a command\'s output.'),
    time: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'TaskLogLine' });

export const taskLogPageSchema = z
  .object({
    data: z.array(taskLogLineSchema),
    next_cursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` for the lines after this page; null when this page has them all (so far).'),
  })
  .meta({ id: 'TaskLogPage' });
