import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API key that started a workflow run. Its step tasks carry the same key, so they count
 * towards that key's MAX_OPEN_TASKS_PER_KEY like the tasks it creates itself.
 */
export class WorkflowRunApiKey1764000006000 implements MigrationInterface {
  name = 'WorkflowRunApiKey1764000006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workflow_runs" ADD "api_key_id" varchar(16)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workflow_runs" DROP COLUMN "api_key_id"`);
  }
}
