import type { FieldProblem, TaskTypeCatalog } from '@atropos/tasks';
import type { CheckTaskType } from '../task-types/task-types.service.js';
import { toFieldProblems } from '@atropos/tasks';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ScheduleDeclaration } from './schedule.schemas.js';
import { createScheduleBody } from './schedule.schemas.js';
import { cronProblem, timezoneProblem } from './schedule-timing.js';

export const SCHEDULES_FILE = 'schedules.json';

const fileSchema = z.strictObject({ schedules: z.array(createScheduleBody) });

/**
 * What is wrong with a schedule beyond its shape: its cron, its zone, its task type and its
 * parameters (as POST /tasks checks them: the config file with the catalog, the API with every known type). Returns the parameters as the type
 * reads them (defaults filled in) when all is well.
 */
export function checkSchedule(
  schedule: Pick<ScheduleDeclaration, 'cron' | 'timezone' | 'task_type' | 'parameters'>,
  checkType: CheckTaskType,
): { problems: FieldProblem[]; parameters?: Record<string, unknown> } {
  const problems: FieldProblem[] = [];
  const zone = timezoneProblem(schedule.timezone);
  if (zone) problems.push({ field: 'timezone', message: zone });
  const cron = cronProblem(schedule.cron, zone ? 'UTC' : schedule.timezone);
  if (cron) problems.push({ field: 'cron', message: cron });
  const check = checkType(schedule.task_type, schedule.parameters);
  if (!check.ok) return { problems: [...problems, ...check.problems] };
  return { problems, parameters: check.parameters };
}

/** The declarations are wrong; the message lists every error, each naming file, schedule and field. */
export class ScheduleDefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly errors: string[],
  ) {
    super(`Invalid schedules in ${file}:\n${errors.map((error) => `  - ${error}`).join('\n')}`);
    this.name = 'ScheduleDefinitionError';
  }
}

/** Reads `<configDir>/schedules.json`; no file means no declared schedules. Throws ScheduleDefinitionError. */
export function loadScheduleDefinitions(configDir: string, catalog: TaskTypeCatalog): ScheduleDeclaration[] {
  const file = path.join(configDir, SCHEDULES_FILE);
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ScheduleDefinitionError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  return validateScheduleDefinitions(json, file, catalog);
}

/** Checks the shape, that names are unique, and each schedule's cron, zone and parameters. */
export function validateScheduleDefinitions(json: unknown, file: string, catalog: TaskTypeCatalog): ScheduleDeclaration[] {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ScheduleDefinitionError(
      file,
      toFieldProblems(parsed.error.issues).map((problem) => located(json, problem)),
    );
  }
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const schedule of parsed.data.schedules) {
    if (seen.has(schedule.name)) errors.push(`schedule "${schedule.name}": is declared twice; schedule names must be unique`);
    seen.add(schedule.name);
    for (const problem of checkSchedule(schedule, (type, parameters) => catalog.check(type, parameters)).problems) {
      errors.push(`schedule "${schedule.name}", ${problem.field}: ${problem.message}`);
    }
  }
  if (errors.length > 0) throw new ScheduleDefinitionError(file, errors);
  return parsed.data.schedules;
}

/** Names the schedule of a shape error by its name when the file gives it. */
function located(json: unknown, problem: FieldProblem): string {
  const [root, index, ...rest] = problem.field.split('.');
  const schedules = (json as { schedules?: Array<{ name?: unknown }> } | null)?.schedules;
  if (root !== 'schedules' || index === undefined || !Array.isArray(schedules)) return `${problem.field}: ${problem.message}`;
  const name = schedules[Number(index)]?.name;
  const label = typeof name === 'string' ? `schedule "${name}"` : `schedule #${Number(index) + 1}`;
  return `${label}${rest.length > 0 ? `, ${rest.join('.')}` : ''}: ${problem.message}`;
}

/** The schedules config/schedules.json declared, loaded at start, for injection. */
export const SCHEDULE_DEFINITIONS = Symbol('SCHEDULE_DEFINITIONS');
