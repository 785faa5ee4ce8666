import type { TaskStatus } from '@atropos/tasks';
import { TASK_STATUSES } from '@atropos/tasks';
import { z } from 'zod';

/** The answer of `GET /tasks/stats`, as a zod schema: it documents the route at /docs-json. */

/** Durations are taken over tasks completed in this many last hours. */
export const DURATION_WINDOW_HOURS = 24;
/** Completions and failures are counted per minute over this many last minutes, the current one included. */
export const THROUGHPUT_WINDOW_MINUTES = 60;

const timestamp = z.iso.datetime({ offset: true }).meta({ example: '2026-11-23T10:15:00.000Z' });
const count = z.int().min(0);

const byStatus = z
  .object(Object.fromEntries(TASK_STATUSES.map((status) => [status, count])) as Record<TaskStatus, typeof count>)
  .describe('Tasks in each status, every status listed.');

const durationStats = z
  .object({
    completed: count.describe('Tasks of this type completed in the window.'),
    p50_ms: z.number().nullable().describe('Median duration in milliseconds; null when none completed.'),
    p95_ms: z.number().nullable().describe('95th percentile duration in milliseconds; null when none completed.'),
  })
  .meta({ id: 'TaskDurationStats' });

const minute = z
  .object({
    minute: timestamp.describe('Start of the minute.'),
    completed: count.describe('Tasks that completed in this minute.'),
    failed: count.describe('Tasks that failed for good (no attempts left) in this minute.'),
  })
  .meta({ id: 'TaskThroughputMinute' });

export const taskStatsSchema = z
  .object({
    generated_at: timestamp.describe("The database's clock when the figures were taken; every window ends here."),
    total: count.describe('Every task kept (see RESULT_RETENTION_DAYS).'),
    by_status: byStatus,
    by_type: z
      .record(z.string(), count)
      .meta({ example: { data_processing: 120, report_generation: 8, video_processing: 3, default: 40 } })
      .describe('Tasks of each type: every registered type, plus any other still in the table.'),
    durations: z
      .object({
        since: timestamp.describe(`Start of the window: ${DURATION_WINDOW_HOURS} hours before generated_at.`),
        by_type: z
          .record(z.string(), durationStats)
          .describe('For each type, the duration (completed_at − started_at) of its last attempt, over tasks completed in the window.'),
      })
      .describe(`Durations of the tasks completed in the last ${DURATION_WINDOW_HOURS} hours.`),
    throughput: z
      .object({
        since: timestamp.describe('Start of the first minute.'),
        per_minute: z
          .array(minute)
          .length(THROUGHPUT_WINDOW_MINUTES)
          .describe(`${THROUGHPUT_WINDOW_MINUTES} minutes, oldest first, the current (partial) minute last; minutes without any are 0.`),
      })
      .describe(`Completions and final failures per minute over the last ${THROUGHPUT_WINDOW_MINUTES} minutes.`),
  })
  .meta({ id: 'TaskStats' });

export type TaskStats = z.input<typeof taskStatsSchema>;
