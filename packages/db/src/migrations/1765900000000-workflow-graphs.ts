import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Workflows as graphs (issue 18). A step's task now says which element of a fanned-out step it
 * runs (`workflow_item`, null for a step that is not fanned out) and in which round of its step
 * (`workflow_round`: a rerun from a step starts a new round of it and of everything downstream, so
 * the earlier tasks stay in the run's history without counting). A run keeps what is not a task
 * in `state` (skipped steps, approvals, fan-out sizes, rounds) and the version of the definition
 * it started with; definitions are versioned in `workflow_definitions` (the config file seeds them,
 * `PUT /workflows/{name}` adds versions). Nullable or constant defaults: no row is rewritten.
 */
export class WorkflowGraphs1765900000000 implements MigrationInterface {
  name = 'WorkflowGraphs1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "workflow_item" integer`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "workflow_round" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "workflow_runs" ADD "state" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "workflow_runs" ADD "version" integer NOT NULL DEFAULT 1`);
    await queryRunner.query(`
      CREATE TABLE "workflow_definitions" (
        "name" varchar(64) NOT NULL,
        "version" integer NOT NULL,
        "definition" jsonb NOT NULL,
        "created_at" timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY ("name", "version")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "workflow_definitions"`);
    await queryRunner.query(`ALTER TABLE "workflow_runs" DROP COLUMN "version"`);
    await queryRunner.query(`ALTER TABLE "workflow_runs" DROP COLUMN "state"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "workflow_round"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "workflow_item"`);
  }
}
