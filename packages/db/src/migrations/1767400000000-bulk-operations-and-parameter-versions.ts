import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk actions and edited replays.
 *
 * - `bulk_operations`: one row per `POST /tasks/bulk` job: what, on which filter, for which tenant
 *   (null: an admin's, across tenants), its counters, and the lease of the API process working on
 *   it, so another process takes it over after a restart.
 * - `bulk_operation_items`: the tasks the filter matched when the job started, one row each, and
 *   what became of each (`outcome`, `reason`): the job's work list, its resume point (the rows
 *   without an outcome) and its report. No foreign key to `tasks`: a deleted task stays in the report.
 * - `task_parameter_versions`: every version of a task's parameters after the first edit, with who
 *   set it, when, and the first attempt that ran with it. A task never edited has no rows (its
 *   parameters are version 1), so existing tasks stay valid and creating a task writes nothing more.
 *   A workflow step task made by a resume with new parameters starts with two: the parameters of
 *   the task it replaces (`previous_task_id`, which ran them) and its own.
 */
export class BulkOperationsAndParameterVersions1767400000000 implements MigrationInterface {
  name = 'BulkOperationsAndParameterVersions1767400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "bulk_operations" (
      "id" uuid PRIMARY KEY,
      "tenant" varchar(64),
      "action" varchar(16) NOT NULL,
      "filter" jsonb NOT NULL,
      "ids" jsonb,
      "status" varchar(16) NOT NULL DEFAULT 'queued',
      "matched" integer NOT NULL DEFAULT 0,
      "processed" integer NOT NULL DEFAULT 0,
      "acted" integer NOT NULL DEFAULT 0,
      "skipped" integer NOT NULL DEFAULT 0,
      "error" text,
      "created_by" varchar(120) NOT NULL,
      "created_by_key_id" varchar(16),
      "lease_expires_at" timestamptz(3),
      "created_at" timestamptz(3) NOT NULL DEFAULT now(),
      "started_at" timestamptz(3),
      "finished_at" timestamptz(3),
      CONSTRAINT "bulk_operations_action_check" CHECK ("action" IN ('cancel', 'retry', 'delete')),
      CONSTRAINT "bulk_operations_status_check" CHECK ("status" IN ('queued', 'running', 'completed', 'cancelled', 'failed'))
    )`);
    // The runner's claim: the few unfinished operations, oldest first.
    await queryRunner.query(
      `CREATE INDEX "bulk_operations_unfinished_idx" ON "bulk_operations" ("created_at") WHERE "status" IN ('queued', 'running')`,
    );
    await queryRunner.query(`CREATE TABLE "bulk_operation_items" (
      "operation_id" uuid NOT NULL REFERENCES "bulk_operations" ("id") ON DELETE CASCADE,
      "task_id" uuid NOT NULL,
      "outcome" varchar(16),
      "reason" text,
      PRIMARY KEY ("operation_id", "task_id")
    )`);
    await queryRunner.query(`CREATE TABLE "task_parameter_versions" (
      "task_id" uuid NOT NULL REFERENCES "tasks" ("id") ON DELETE CASCADE,
      "version" integer NOT NULL,
      "parameters" jsonb NOT NULL,
      "changed_by" varchar(120),
      "changed_at" timestamptz(3) NOT NULL DEFAULT now(),
      "from_attempt" integer NOT NULL,
      "previous_task_id" uuid,
      PRIMARY KEY ("task_id", "version")
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "task_parameter_versions"`);
    await queryRunner.query(`DROP TABLE "bulk_operation_items"`);
    await queryRunner.query(`DROP TABLE "bulk_operations"`);
  }
}
