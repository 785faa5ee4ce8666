import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which API key created a task, so that the number of open tasks per key can be capped. */
export class OpenTasksPerApiKey1764000003000 implements MigrationInterface {
  name = 'OpenTasksPerApiKey1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "api_key_id" varchar(16)`);
    // Small and cheap to keep: it holds only the unfinished tasks of callers with a key.
    await queryRunner.query(
      `CREATE INDEX "tasks_open_by_api_key_idx" ON "tasks" ("api_key_id")
        WHERE "api_key_id" IS NOT NULL AND "status" IN ('pending', 'processing', 'retrying')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "tasks_open_by_api_key_idx"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "api_key_id"`);
  }
}
