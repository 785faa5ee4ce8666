import { isoTimestamp as timestamp, TASK_STATUSES } from '@atropos/tasks';
import { z } from 'zod';
import { CATCH_UP_LIMIT, CATCH_UP_POLICIES, MISFIRE_GRACE_MS, OVERLAP_POLICIES } from './schedule-timing.js';

/** The API contract of schedules; config/schedules.json declares schedules with the same fields. */

/** Parameters are copied into every task the schedule creates: keep them small. */
const MAX_PARAMETERS_BYTES = 16 * 1024;

export const SCHEDULE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const fields = {
  name: z
    .string()
    .regex(SCHEDULE_NAME, 'must be 1–64 letters, digits, _, . or -, starting with a letter or digit')
    .meta({ example: 'nightly-report' }),
  cron: z
    .string()
    .min(1)
    .max(200)
    .meta({ example: '0 3 * * *' })
    .describe('5 fields ("minute hour day-of-month month day-of-week") or 6 with seconds first; @daily and friends too.'),
  timezone: z
    .string()
    .min(1)
    .max(64)
    .default('UTC')
    .meta({ example: 'Europe/Berlin' })
    .describe("IANA time zone the cron reads its times in; daylight-saving transitions are the zone's."),
  task_type: z.string().min(1).max(64).describe('A type listed at GET /task-types.'),
  parameters: z
    .record(z.string(), z.unknown())
    .default({})
    .refine((parameters) => JSON.stringify(parameters).length <= MAX_PARAMETERS_BYTES, {
      error: `is too large: at most ${MAX_PARAMETERS_BYTES / 1024} KB of JSON`,
    })
    .describe("Every task's parameters, checked against the type's schema now and at each fire."),
  priority: z.int().min(1).max(10).default(5).describe("The tasks' priority: 1 is the most urgent, 10 the least."),
  overlap: z
    .enum(OVERLAP_POLICIES)
    .default('skip')
    .describe(
      'When a slot comes while a task of this schedule is unfinished: skip the slot (recorded in the history), ' +
        'allow a second task, or cancel_previous (cancel the unfinished task and start the new one).',
    ),
  catch_up: z
    .enum(CATCH_UP_POLICIES)
    .default('none')
    .describe(
      `Slots missed by more than ${MISFIRE_GRACE_MS / 1000} s (no API was up): none fire, only the latest, or all of them ` +
        `(at most the newest ${CATCH_UP_LIMIT}).`,
    ),
  enabled: z.boolean().default(true).describe('False: paused, no slot fires (POST …/trigger still does).'),
};

export const createScheduleBody = z.strictObject(fields).meta({ id: 'CreateScheduleRequest' });
export type ScheduleDeclaration = z.output<typeof createScheduleBody>;

/** PATCH: any of the fields; those left out keep their value. */
export const updateScheduleBody = z
  .strictObject({
    name: fields.name.optional(),
    cron: fields.cron.optional(),
    timezone: fields.timezone.unwrap().optional(),
    task_type: fields.task_type.optional(),
    parameters: fields.parameters.unwrap().optional(),
    priority: fields.priority.unwrap().optional(),
    overlap: fields.overlap.unwrap().optional(),
    catch_up: fields.catch_up.unwrap().optional(),
    enabled: fields.enabled.unwrap().optional(),
  })
  .meta({ id: 'UpdateScheduleRequest' });
export type UpdateScheduleBody = z.output<typeof updateScheduleBody>;

export const scheduleIdParam = z.uuid({ error: 'must be a schedule id (a UUID such as 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21)' });

export const scheduleFireSchema = z
  .object({
    slot_at: timestamp.describe('The slot fired: its cron time, or the moment of a manual trigger.'),
    trigger: z.enum(['cron', 'manual']),
    outcome: z
      .enum(['created', 'skipped', 'refused'])
      .describe('created a task; skipped (overlap: skip, a task was unfinished); refused (the parameters no longer fit the type).'),
    task_id: z.uuid().nullable(),
    task_status: z.enum(TASK_STATUSES).nullable().describe("The task's status now; null if none was created or it was deleted since."),
    detail: z.string().nullable().describe('Why the slot was skipped or refused.'),
    fired_at: timestamp,
  })
  .meta({ id: 'ScheduleFire' });

export const scheduleSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    cron: z.string(),
    timezone: z.string(),
    task_type: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    priority: z.int(),
    overlap: z.enum(OVERLAP_POLICIES),
    catch_up: z.enum(CATCH_UP_POLICIES),
    enabled: z.boolean(),
    source: z
      .enum(['api', 'config'])
      .describe('config: declared in config/schedules.json, changed there (pause, resume and trigger work here).'),
    next_runs: z.array(timestamp).describe('The next five fire times; empty while paused.'),
    last_fire: scheduleFireSchema.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Schedule' });

export const scheduleDetailSchema = scheduleSchema
  .extend({ history: z.array(scheduleFireSchema).describe('The newest fired slots first (at most 50).') })
  .meta({ id: 'ScheduleDetail' });

export const scheduleListSchema = z.array(scheduleSchema).meta({ id: 'ScheduleList' });

export const triggerResultSchema = z
  .object({ fire: scheduleFireSchema, task_id: z.uuid().nullable() })
  .meta({ id: 'ScheduleTriggerResult' });

export type ScheduleFireView = z.output<typeof scheduleFireSchema>;
export type ScheduleView = z.output<typeof scheduleSchema>;
