import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Scheduled tasks, per-task timeouts, and the keys that make task creation idempotent. */
export class TaskManagement1764000001000 implements MigrationInterface {
  name = 'TaskManagement1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "scheduled_for" timestamptz(3)`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "timeout_s" integer NOT NULL DEFAULT 7200`);
    await queryRunner.query(`
      CREATE TABLE "idempotency_keys" (
        "key" varchar(200) PRIMARY KEY,
        "request_hash" varchar(64) NOT NULL,
        "task_ids" uuid[] NOT NULL,
        "created_at" timestamptz(3) NOT NULL DEFAULT now(),
        "expires_at" timestamptz(3) NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys" ("expires_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "timeout_s"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "scheduled_for"`);
  }
}
