import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Workflow runs, the link from a step's task to its run, and the trigger that wakes the API's
 * workflow engine when such a task becomes final. The trigger's WHEN clause keeps ordinary tasks
 * (no workflow_run_id) free of any cost beyond evaluating it.
 */
export class Workflows1764000004000 implements MigrationInterface {
  name = 'Workflows1764000004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "workflow_run_status" AS ENUM ('running', 'paused', 'completed', 'failed', 'cancelled')`);
    await queryRunner.query(`
      CREATE TABLE "workflow_runs" (
        "id" uuid PRIMARY KEY,
        "workflow" varchar(64) NOT NULL,
        "status" "workflow_run_status" NOT NULL DEFAULT 'running',
        "steps" jsonb NOT NULL,
        "input" jsonb NOT NULL DEFAULT '{}',
        "current_step" integer NOT NULL DEFAULT 0,
        "error" text,
        "created_at" timestamptz(3) NOT NULL DEFAULT now(),
        "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
        "completed_at" timestamptz(3)
      )`);
    await queryRunner.query(`CREATE INDEX "workflow_runs_created_at_id_idx" ON "workflow_runs" ("created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "workflow_runs_status_created_at_id_idx" ON "workflow_runs" ("status", "created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "workflow_runs_workflow_created_at_id_idx" ON "workflow_runs" ("workflow", "created_at", "id")`);

    await queryRunner.query(`ALTER TABLE "tasks" ADD "workflow_run_id" uuid`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "workflow_step" integer`);
    // SET NULL, not CASCADE: a task is a record of work done; removing a run by hand must not erase it.
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "tasks_workflow_run_id_fkey" FOREIGN KEY ("workflow_run_id")
         REFERENCES "workflow_runs" ("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Serves a run's steps (the engine, GET /workflow-runs/{id}) and GET /tasks?workflow_run_id= in list order.
    await queryRunner.query(
      `CREATE INDEX "tasks_workflow_run_idx" ON "tasks" ("workflow_run_id", "created_at", "id")
        WHERE "workflow_run_id" IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE FUNCTION "notify_workflow_step_final"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('atropos_workflow_steps', NEW.workflow_run_id::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tasks_workflow_step_final" AFTER UPDATE OF "status" ON "tasks"
        FOR EACH ROW
        WHEN (NEW.workflow_run_id IS NOT NULL AND NEW.status IS DISTINCT FROM OLD.status
              AND NEW.status IN ('completed', 'failed', 'cancelled'))
        EXECUTE FUNCTION "notify_workflow_step_final"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tasks_workflow_step_final" ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION "notify_workflow_step_final"()`);
    await queryRunner.query(`DROP INDEX "tasks_workflow_run_idx"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_workflow_run_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "workflow_step"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "workflow_run_id"`);
    await queryRunner.query(`DROP TABLE "workflow_runs"`);
    await queryRunner.query(`DROP TYPE "workflow_run_status"`);
  }
}
