import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets the retention sweep find the final workflow runs due for deletion by completed_at, as it
 * finds final tasks; only ended runs have one. A run's step tasks are found through
 * tasks_workflow_run_idx (1764000004000).
 */
export class WorkflowRunRetention1764000007000 implements MigrationInterface {
  name = 'WorkflowRunRetention1764000007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "workflow_runs_completed_at_idx" ON "workflow_runs" ("completed_at") WHERE "completed_at" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "workflow_runs_completed_at_idx"`);
  }
}
