import { FINAL_STATUSES, TASK_STATUSES } from '@atropos/tasks';
import type { TaskStatus } from '@atropos/tasks';
import type { EntityManager } from 'typeorm';
import type { ScheduleFireView, ScheduleView } from './schedule.schemas.js';
import type { CatchUp, Overlap } from './schedule-timing.js';
import { cronOf, nextRuns } from './schedule-timing.js';

/** A row of `schedules` as PostgreSQL returns it. */
export interface ScheduleRow {
  id: string;
  name: string;
  cron: string;
  timezone: string;
  task_type: string;
  parameters: Record<string, unknown>;
  priority: number;
  overlap: Overlap;
  catch_up: CatchUp;
  enabled: boolean;
  source: 'api' | 'config';
  declaration_hash: string | null;
  /** The first slot after last_slot_at: in the past when slots are due (or were missed). */
  next_fire_at: Date | null;
  /** Every slot up to here is settled (fired, skipped, or given up by the catch-up policy). */
  last_slot_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** A row of `schedule_fires`, with its task's status now. */
export interface ScheduleFireRow {
  slot_at: Date;
  trigger: 'cron' | 'manual';
  outcome: 'created' | 'skipped' | 'refused';
  task_id: string | null;
  task_status: TaskStatus | null;
  detail: string | null;
  fired_at: Date;
}

export const UNFINISHED_STATUSES: TaskStatus[] = TASK_STATUSES.filter((status) => !(FINAL_STATUSES as readonly string[]).includes(status));

/** History shown by GET /schedules/{id}. */
export const HISTORY_SHOWN = 50;
/** Fired slots kept per schedule, the newest: enough history, and a table that stays small for a schedule firing every second. */
export const HISTORY_KEPT = 1_000;

const FIRE_COLUMNS = `f.slot_at, f.trigger, f.outcome, f.task_id, t.status AS task_status, f.detail, f.fired_at`;

export async function fireHistory(manager: EntityManager, scheduleId: string, limit: number): Promise<ScheduleFireRow[]> {
  return await manager.query<ScheduleFireRow[]>(
    `SELECT ${FIRE_COLUMNS} FROM schedule_fires f LEFT JOIN tasks t ON t.id = f.task_id
      WHERE f.schedule_id = $1 ORDER BY f.fired_at DESC, f.slot_at DESC LIMIT $2`,
    [scheduleId, limit],
  );
}

/** Every schedule by name, each with its newest fire. */
export async function listSchedules(manager: EntityManager): Promise<Array<ScheduleRow & { last_fire: ScheduleFireRow | null }>> {
  return await manager.query<Array<ScheduleRow & { last_fire: ScheduleFireRow | null }>>(
    `SELECT s.*, (SELECT row_to_json(last) FROM (
               SELECT ${FIRE_COLUMNS} FROM schedule_fires f LEFT JOIN tasks t ON t.id = f.task_id
                WHERE f.schedule_id = s.id ORDER BY f.fired_at DESC, f.slot_at DESC LIMIT 1) last) AS last_fire
       FROM schedules s ORDER BY s.name`,
  );
}

export function presentFire(fire: ScheduleFireRow): ScheduleFireView {
  return {
    slot_at: new Date(fire.slot_at).toISOString(),
    trigger: fire.trigger,
    outcome: fire.outcome,
    task_id: fire.task_id,
    task_status: fire.task_status,
    detail: fire.detail,
    fired_at: new Date(fire.fired_at).toISOString(),
  };
}

export function presentSchedule(row: ScheduleRow, lastFire: ScheduleFireRow | null, now = new Date()): ScheduleView {
  return {
    id: row.id,
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    task_type: row.task_type,
    parameters: row.parameters,
    priority: row.priority,
    overlap: row.overlap,
    catch_up: row.catch_up,
    enabled: row.enabled,
    source: row.source,
    next_runs: row.enabled ? nextRuns(cronOf(row.cron, row.timezone), now, 5).map((date) => date.toISOString()) : [],
    last_fire: lastFire ? presentFire(lastFire) : null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
