import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lease of a running attempt taken over HTTP (the worker protocol): until it runs out, no
 * claim takes the task over; the worker extends it with heartbeats. Null for attempts run by
 * Atropos' own workers, whose Bull job lock plays that part. Nullable without a default, so
 * adding it rewrites no row.
 */
export class TaskLease1765700000000 implements MigrationInterface {
  name = 'TaskLease1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "lease_expires_at" timestamptz(3)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "lease_expires_at"`);
  }
}
