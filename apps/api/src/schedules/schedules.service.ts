import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { invalidRequest } from '../common/validation.js';
import { TaskTypesService } from '../task-types/task-types.service.js';
import { checkSchedule } from './schedule-definitions.js';
import { ScheduleFiringService } from './schedule-firing.service.js';
import type { ScheduleRow } from './schedule-rows.js';
import { fireHistory, HISTORY_SHOWN, listSchedules, presentFire, presentSchedule } from './schedule-rows.js';
import type { ScheduleDeclaration, UpdateScheduleBody } from './schedule.schemas.js';
import { cronOf } from './schedule-timing.js';

/** Creating, reading, changing and deleting schedules; firing is ScheduleFiringService's. */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly types: TaskTypesService,
    private readonly firing: ScheduleFiringService,
  ) {}

  async list() {
    const rows = await listSchedules(this.dataSource.manager);
    return rows.map(({ last_fire, ...row }) => presentSchedule(row, last_fire));
  }

  async get(id: string) {
    const row = await this.find(this.dataSource.manager, id);
    const history = await fireHistory(this.dataSource.manager, id, HISTORY_SHOWN);
    return { ...presentSchedule(row, history[0] ?? null), history: history.map(presentFire) };
  }

  async create(body: ScheduleDeclaration) {
    const parameters = await this.checked(body);
    const now = new Date();
    try {
      await this.dataSource.query(
        `INSERT INTO schedules (id, name, cron, timezone, task_type, parameters, priority, overlap, catch_up, enabled, next_fire_at, last_slot_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          randomUUID(),
          body.name,
          body.cron,
          body.timezone,
          body.task_type,
          JSON.stringify(parameters),
          body.priority,
          body.overlap,
          body.catch_up,
          body.enabled,
          cronOf(body.cron, body.timezone).nextRun(now),
          now,
        ],
      );
    } catch (error) {
      throw nameTaken(error, body.name);
    }
    const [row] = await this.dataSource.query<ScheduleRow[]>(`SELECT * FROM schedules WHERE name = $1`, [body.name]);
    return presentSchedule(row!, null);
  }

  /** PUT gives every field (defaults for those left out), PATCH some; a declared schedule is changed in its file. */
  async update(id: string, changes: UpdateScheduleBody | ScheduleDeclaration) {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.find(manager, id, true);
      if (row.source === 'config') {
        throw new ConflictException(
          `Schedule "${row.name}" is declared in config/schedules.json: change it there (pause, resume and trigger work here)`,
        );
      }
      const next: ScheduleDeclaration = {
        name: changes.name ?? row.name,
        cron: changes.cron ?? row.cron,
        timezone: changes.timezone ?? row.timezone,
        task_type: changes.task_type ?? row.task_type,
        parameters: changes.parameters ?? row.parameters,
        priority: changes.priority ?? row.priority,
        overlap: changes.overlap ?? row.overlap,
        catch_up: changes.catch_up ?? row.catch_up,
        enabled: changes.enabled ?? row.enabled,
      };
      const parameters = await this.checked(next);
      // A new cron or zone, or a resume, starts from now: slots of the old timing, or of the pause, are not missed ones.
      const restart = next.cron !== row.cron || next.timezone !== row.timezone || (next.enabled && !row.enabled);
      try {
        await manager.query(
          `UPDATE schedules SET name = $2, cron = $3, timezone = $4, task_type = $5, parameters = $6, priority = $7,
                  overlap = $8, catch_up = $9, enabled = $10, updated_at = now(),
                  last_slot_at = CASE WHEN $11 THEN clock_timestamp() ELSE last_slot_at END,
                  next_fire_at = CASE WHEN $11 THEN $12::timestamptz ELSE next_fire_at END
            WHERE id = $1`,
          [
            id,
            next.name,
            next.cron,
            next.timezone,
            next.task_type,
            JSON.stringify(parameters),
            next.priority,
            next.overlap,
            next.catch_up,
            next.enabled,
            restart,
            cronOf(next.cron, next.timezone).nextRun(new Date()),
          ],
        );
      } catch (error) {
        throw nameTaken(error, next.name);
      }
      return this.view(manager, id);
    });
  }

  /** Pausing and resuming work on declared schedules too: the pause holds until their declaration changes. */
  async setEnabled(id: string, enabled: boolean) {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.find(manager, id, true);
      if (row.enabled !== enabled) {
        await manager.query(
          `UPDATE schedules SET enabled = $2, updated_at = now(),
                  last_slot_at = CASE WHEN $2 THEN clock_timestamp() ELSE last_slot_at END,
                  next_fire_at = CASE WHEN $2 THEN $3::timestamptz ELSE next_fire_at END
            WHERE id = $1`,
          [id, enabled, cronOf(row.cron, row.timezone).nextRun(new Date())],
        );
      }
      return this.view(manager, id);
    });
  }

  async delete(id: string): Promise<void> {
    const row = await this.find(this.dataSource.manager, id);
    if (row.source === 'config') {
      throw new ConflictException(`Schedule "${row.name}" is declared in config/schedules.json: remove it there`);
    }
    await this.dataSource.query(`DELETE FROM schedules WHERE id = $1`, [id]);
  }

  async trigger(id: string) {
    const fired = await this.firing.trigger(id);
    if (!fired) throw notFound(id);
    const { fire } = fired;
    if (fire.outcome !== 'created')
      throw new ConflictException(`Schedule ${id} did not start a task: ${fire.detail ?? 'no reason recorded'}`);
    return { fire: presentFire(fire), task_id: fire.task_id };
  }

  /** Its problems as a 400, else its parameters as its type reads them; any known type, registered ones included. */
  private async checked(schedule: ScheduleDeclaration): Promise<Record<string, unknown>> {
    const { problems, parameters } = checkSchedule(schedule, await this.types.checker());
    if (problems.length > 0 || !parameters) throw invalidRequest(problems);
    return parameters;
  }

  private async find(manager: EntityManager, id: string, lock = false): Promise<ScheduleRow> {
    const [row] = await manager.query<ScheduleRow[]>(`SELECT * FROM schedules WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!row) throw notFound(id);
    return row;
  }

  private async view(manager: EntityManager, id: string) {
    const row = await this.find(manager, id);
    const [last] = await fireHistory(manager, id, 1);
    return presentSchedule(row, last ?? null);
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`No schedule with id ${id}`);
}

function nameTaken(error: unknown, name: string): unknown {
  const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
  return code === '23505' ? new ConflictException(`A schedule named "${name}" exists already; names are unique`) : error;
}
