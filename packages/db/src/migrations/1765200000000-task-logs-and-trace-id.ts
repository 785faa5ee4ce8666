import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Observability: each attempt's log lines, stored with their task and deleted with it; and the id
 * of the trace a task was created in (null when tracing is off), so a person can open it.
 */
export class TaskLogsAndTraceId1765200000000 implements MigrationInterface {
  name = 'TaskLogsAndTraceId1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "trace_id" varchar(32)`);
    await queryRunner.query(
      `CREATE TABLE "task_logs" (
         "id" BIGSERIAL NOT NULL,
         "task_id" uuid NOT NULL,
         "attempt" integer NOT NULL,
         "level" varchar(8) NOT NULL,
         "message" text NOT NULL,
         "fields" jsonb,
         "created_at" timestamptz(3) NOT NULL DEFAULT now(),
         CONSTRAINT "task_logs_pkey" PRIMARY KEY ("id"),
         CONSTRAINT "task_logs_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE
       )`,
    );
    // A task's lines in order (GET /tasks/{id}/logs pages by id), and the cascade's look-up.
    await queryRunner.query(`CREATE INDEX "task_logs_task_id_id_idx" ON "task_logs" ("task_id", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "task_logs"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "trace_id"`);
  }
}
