import type { TaskEntity } from '@atropos/db';
import { TaskStore } from '@atropos/db';
import { describeFieldProblems } from '@atropos/tasks';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { PeriodicJob } from '../common/periodic-job.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskEventsService } from '../events/task-events.service.js';
import { TaskQueues } from '../queue/task-queues.js';
import { TaskTypesService } from '../task-types/task-types.service.js';
import { newTaskEntity, ofCheckedType } from '../tasks/new-task.js';
import { TaskActionsService } from '../tasks/task-actions.service.js';
import { SCHEDULE_DEFINITIONS } from './schedule-definitions.js';
import type { ScheduleFireRow, ScheduleRow } from './schedule-rows.js';
import { HISTORY_KEPT, UNFINISHED_STATUSES } from './schedule-rows.js';
import type { ScheduleDeclaration } from './schedule.schemas.js';
import { cronOf, dueSlots } from './schedule-timing.js';

/** Due schedules handled per tick; the rest wait for the next one. */
const DUE_BATCH = 100;

/** What a transaction that fired slots leaves to do once it committed. */
interface AfterCommit {
  created: TaskEntity[];
  cancel: string[];
}

/**
 * Fires schedules. Every replica ticks every SCHEDULER_INTERVAL_MS and takes each due schedule's
 * row with `FOR UPDATE SKIP LOCKED`, so replicas share the work without waiting on each other. A
 * slot fires by inserting its row in `schedule_fires` with ON CONFLICT DO NOTHING: only the
 * transaction whose insert returned the row creates a task, in the same transaction, so a slot
 * fires exactly once however many replicas tick and whenever they restart. Tasks are queued after
 * the commit; should the API die in between, the sweeper queues the pending row.
 */
@Injectable()
export class ScheduleFiringService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Schedules');
  private readonly periodic: PeriodicJob;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(SCHEDULE_DEFINITIONS) private readonly declared: ScheduleDeclaration[],
    private readonly dataSource: DataSource,
    private readonly store: TaskStore,
    private readonly queues: TaskQueues,
    private readonly events: TaskEventsService,
    private readonly actions: TaskActionsService,
    private readonly types: TaskTypesService,
  ) {
    this.periodic = new PeriodicJob(
      () => this.tick(),
      config.schedulerIntervalMs,
      (error) => this.logger.warn(`Schedules not fired this time: ${String(error)}`),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.seed().catch((error: unknown) => this.logger.warn(`Schedules of config/schedules.json not applied: ${String(error)}`));
    this.periodic.start({ runNow: true });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
  }

  /**
   * Applies config/schedules.json: inserts the schedules it declares, updates those whose
   * declaration changed (their pause state follows the file then; otherwise a pause made through
   * the API stays), and deletes the ones it no longer declares. Safe for replicas starting at once.
   */
  async seed(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const schedule of this.declared) {
        const hash = createHash('sha256').update(JSON.stringify(schedule)).digest('hex');
        const nextFromNow = cronOf(schedule.cron, schedule.timezone).nextRun(new Date());
        await manager.query(
          `INSERT INTO schedules (id, name, cron, timezone, task_type, parameters, priority, overlap, catch_up, enabled,
                                  source, declaration_hash, next_fire_at, last_slot_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'config', $11, $12, now())
           ON CONFLICT (name) DO UPDATE SET
             cron = EXCLUDED.cron, timezone = EXCLUDED.timezone, task_type = EXCLUDED.task_type,
             parameters = EXCLUDED.parameters, priority = EXCLUDED.priority, overlap = EXCLUDED.overlap,
             catch_up = EXCLUDED.catch_up, enabled = EXCLUDED.enabled, source = 'config',
             declaration_hash = EXCLUDED.declaration_hash, updated_at = now(),
             last_slot_at = CASE WHEN schedules.cron = EXCLUDED.cron AND schedules.timezone = EXCLUDED.timezone
                                 THEN schedules.last_slot_at ELSE now() END,
             next_fire_at = CASE WHEN schedules.cron = EXCLUDED.cron AND schedules.timezone = EXCLUDED.timezone
                                 THEN schedules.next_fire_at ELSE EXCLUDED.next_fire_at END
           WHERE schedules.declaration_hash IS DISTINCT FROM EXCLUDED.declaration_hash`,
          [
            randomUUID(),
            schedule.name,
            schedule.cron,
            schedule.timezone,
            schedule.task_type,
            JSON.stringify(schedule.parameters),
            schedule.priority,
            schedule.overlap,
            schedule.catch_up,
            schedule.enabled,
            hash,
            nextFromNow,
          ],
        );
      }
      await manager.query(`DELETE FROM schedules WHERE source = 'config' AND NOT (name = ANY($1::text[]))`, [
        this.declared.map((schedule) => schedule.name),
      ]);
    });
  }

  /** Fires every due schedule's due slots; returns how many schedules it fired. */
  async tick(): Promise<number> {
    const due = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM schedules WHERE enabled AND next_fire_at <= clock_timestamp() ORDER BY next_fire_at LIMIT $1`,
      [DUE_BATCH],
    );
    let fired = 0;
    for (const { id } of due) {
      if (this.periodic.stopping) break;
      const done = await this.fireDue(id).catch((error: unknown) => {
        this.logger.warn(`Schedule ${id} not fired: ${String(error)}`);
        return false;
      });
      if (done) fired += 1;
    }
    return fired;
  }

  /** Fires one schedule's due slots, unless another replica holds it or fired them already. */
  private async fireDue(id: string): Promise<boolean> {
    const after: AfterCommit = { created: [], cancel: [] };
    const fired = await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<ScheduleRow[]>(
        `SELECT * FROM schedules WHERE id = $1 AND enabled AND next_fire_at <= clock_timestamp() FOR UPDATE SKIP LOCKED`,
        [id],
      );
      if (!row) return false;
      const now = await clock(manager);
      const cron = cronOf(row.cron, row.timezone);
      for (const slot of dueSlots(cron, row.last_slot_at, now, row.catch_up)) {
        await this.fireSlot(manager, row, slot, 'cron', after);
      }
      await manager.query(`UPDATE schedules SET last_slot_at = $2, next_fire_at = $3 WHERE id = $1`, [id, now, cron.nextRun(now)]);
      await manager.query(
        `DELETE FROM schedule_fires WHERE schedule_id = $1 AND slot_at < (
           SELECT slot_at FROM schedule_fires WHERE schedule_id = $1 ORDER BY slot_at DESC OFFSET $2 LIMIT 1)`,
        [id, HISTORY_KEPT - 1],
      );
      return true;
    });
    await this.afterCommit(after);
    return fired;
  }

  /**
   * Fires the schedule now, whatever its cron and pause state ("trigger now"); the overlap policy
   * holds as for a slot of its cron. Null when there is no such schedule.
   */
  async trigger(id: string): Promise<{ fire: ScheduleFireRow } | null> {
    const after: AfterCommit = { created: [], cancel: [] };
    const fire = await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<ScheduleRow[]>(`SELECT * FROM schedules WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return null;
      return this.fireSlot(manager, row, await clock(manager), 'manual', after);
    });
    await this.afterCommit(after);
    return fire ? { fire } : null;
  }

  /**
   * Claims the slot's row and, unless another transaction claimed it first, decides what the slot
   * does: skip (overlap), refuse (parameters the type no longer takes) or create the task, in the
   * caller's transaction. Null when the slot was fired already.
   */
  private async fireSlot(
    manager: EntityManager,
    row: ScheduleRow,
    slotAt: Date,
    trigger: ScheduleFireRow['trigger'],
    after: AfterCommit,
  ): Promise<ScheduleFireRow | null> {
    const claimed = await manager.query<Array<{ fired_at: Date }>>(
      `INSERT INTO schedule_fires (schedule_id, slot_at, trigger, outcome, fired_at) VALUES ($1, $2, $3, 'created', clock_timestamp())
       ON CONFLICT DO NOTHING RETURNING fired_at`,
      [row.id, slotAt, trigger],
    );
    if (claimed.length === 0) return null;
    const record = async (
      outcome: ScheduleFireRow['outcome'],
      detail: string | null,
      task: TaskEntity | null,
    ): Promise<ScheduleFireRow> => {
      await manager.query(
        `UPDATE schedule_fires SET outcome = $4, detail = $5, task_id = $6 WHERE schedule_id = $1 AND slot_at = $2 AND trigger = $3`,
        [row.id, slotAt, trigger, outcome, detail, task?.id ?? null],
      );
      return {
        slot_at: slotAt,
        trigger,
        outcome,
        detail,
        task_id: task?.id ?? null,
        task_status: task?.status ?? null,
        fired_at: claimed[0]!.fired_at,
      };
    };

    if (row.overlap !== 'allow') {
      const unfinished = await manager.query<Array<{ id: string; status: string }>>(
        `SELECT t.id, t.status FROM schedule_fires f JOIN tasks t ON t.id = f.task_id
          WHERE f.schedule_id = $1 AND t.status = ANY($2::task_status[]) ORDER BY t.created_at`,
        [row.id, UNFINISHED_STATUSES],
      );
      if (unfinished.length > 0 && row.overlap === 'skip') {
        const previous = unfinished.at(-1)!;
        return record('skipped', `task ${previous.id} of this schedule is still ${previous.status} (overlap: skip)`, null);
      }
      after.cancel.push(...unfinished.map((task) => task.id));
    }
    const check = await this.types.check(row.task_type, row.parameters);
    if (!check.ok) return record('refused', describeFieldProblems(check.problems), null);
    const task = newTaskEntity({ ...ofCheckedType(check), priority: row.priority }, this.config);
    await this.store.insert([task], manager);
    after.created.push(task);
    return record('created', null, task);
  }

  private async afterCommit({ created, cancel }: AfterCommit): Promise<void> {
    for (const id of cancel) {
      // Refused when it ended meanwhile: nothing left to cancel.
      await this.actions.cancel(id).catch((error: unknown) => this.logger.warn(`Previous task ${id} not cancelled: ${String(error)}`));
    }
    if (created.length === 0) return;
    await this.queues
      .enqueue(created)
      .catch((error: unknown) =>
        this.logger.warn(`${created.length} scheduled task(s) not queued yet, the sweeper will queue them: ${String(error)}`),
      );
    this.events.created(created);
  }
}

/** The database's clock, so that replicas with skewed clocks agree on which slots are due. */
async function clock(manager: EntityManager): Promise<Date> {
  const [row] = await manager.query<Array<{ now: Date }>>(`SELECT clock_timestamp() AS now`);
  return row!.now;
}
