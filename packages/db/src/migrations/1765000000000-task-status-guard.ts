import { statusChanges } from '@atropos/tasks';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transition table enforced at the database: a trigger refuses any change of `tasks.status`
 * that no action of TASK_TRANSITIONS allows, whoever writes it (the TaskStore already conditions
 * each statement on its action; this catches a statement written anywhere else, or by hand).
 *
 * Unlike the other migrations this one reads the table instead of spelling it out: the function is
 * replaced whole (CREATE OR REPLACE), and a change of the table comes with a migration of its own
 * that runs this again (a test walks every pair of statuses against the installed trigger, so a
 * forgotten one fails CI).
 */
export class TaskStatusGuard1765000000000 implements MigrationInterface {
  name = 'TaskStatusGuard1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(statusGuardFunctionSql());
    await queryRunner.query(`
      CREATE TRIGGER "tasks_status_guard" BEFORE UPDATE OF "status" ON "tasks"
        FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status")
        EXECUTE FUNCTION tasks_status_guard()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS "tasks_status_guard" ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS tasks_status_guard()`);
  }
}

/** The trigger function, with the allowed `from>to` pairs of the table as it is now. */
export function statusGuardFunctionSql(): string {
  const allowed = statusChanges()
    .map(([from, to]) => `'${from}>${to}'`)
    .join(', ');
  return `
    CREATE OR REPLACE FUNCTION tasks_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (OLD.status::text || '>' || NEW.status::text) = ANY (ARRAY[${allowed}]) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION USING ERRCODE = 'check_violation',
        MESSAGE = format('Task %s cannot change from %s to %s: no action of the transition table allows it', OLD.id, OLD.status, NEW.status);
    END $$`;
}
