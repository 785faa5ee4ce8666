import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task's own concurrency key and limit (POST /tasks `concurrency`), for keys that are not in its
 * parameters: the workers' flow gate counts the task under them. Null for every older task, which
 * keeps its type's key template (if any). Adding nullable columns rewrites nothing.
 */
export class TaskConcurrencyKey1767600000000 implements MigrationInterface {
  name = 'TaskConcurrencyKey1767600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD COLUMN IF NOT EXISTS "concurrency_key" varchar(200)`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD COLUMN IF NOT EXISTS "concurrency_limit" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN IF EXISTS "concurrency_limit"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN IF EXISTS "concurrency_key"`);
  }
}
