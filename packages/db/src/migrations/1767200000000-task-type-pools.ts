import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue (pool of workers) of each registered task type, which the API counts and routes by
 * (GET /queues), and its flow-control limits, whose `key` the API reads to let keys take turns.
 * Called `pool` here because `queue` already names the type's Bull queue. Rows of workers older
 * than pools are on the default pool, without limits.
 */
export class TaskTypePools1767200000000 implements MigrationInterface {
  name = 'TaskTypePools1767200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_type_registrations" ADD "pool" varchar(63) NOT NULL DEFAULT 'default'`);
    await queryRunner.query(`ALTER TABLE "task_type_registrations" ADD "limits" json`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_type_registrations" DROP COLUMN "limits"`);
    await queryRunner.query(`ALTER TABLE "task_type_registrations" DROP COLUMN "pool"`);
  }
}
