import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tasks table. Status values are spelled out here on purpose: a migration records the schema
 * as it was, and a test checks that the enum still matches TASK_STATUSES.
 */
export class CreateTasks1764000000000 implements MigrationInterface {
  name = 'CreateTasks1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "task_status" AS ENUM ('pending', 'processing', 'retrying', 'completed', 'failed', 'cancelled')`);
    await queryRunner.query(`
      CREATE TABLE "tasks" (
        "id" uuid PRIMARY KEY,
        "task_type" varchar(64) NOT NULL,
        "status" "task_status" NOT NULL DEFAULT 'pending',
        "parameters" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "priority" smallint NOT NULL DEFAULT 5,
        "progress" smallint NOT NULL DEFAULT 0 CONSTRAINT "tasks_progress_check" CHECK ("progress" BETWEEN 0 AND 100),
        "progress_message" text,
        "result" jsonb,
        "error" text,
        "attempts" integer NOT NULL DEFAULT 0,
        "max_attempts" integer NOT NULL DEFAULT 4,
        "attempt_errors" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "worker_id" varchar(200),
        "created_at" timestamptz(3) NOT NULL DEFAULT now(),
        "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
        "started_at" timestamptz(3),
        "completed_at" timestamptz(3)
      )`);
    // Newest-first lists, unfiltered or filtered by status or type, walk these in index order.
    await queryRunner.query(`CREATE INDEX "tasks_created_at_id_idx" ON "tasks" ("created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "tasks_status_created_at_id_idx" ON "tasks" ("status", "created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "tasks_task_type_created_at_id_idx" ON "tasks" ("task_type", "created_at", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "tasks"`);
    await queryRunner.query(`DROP TYPE "task_status"`);
  }
}
