import type { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_DEFINITION = `ON "tasks" ("completed_at") WHERE "completed_at" IS NOT NULL`;
const COVERING_DEFINITION = `ON "tasks" ("completed_at") INCLUDE ("status", "task_type", "tenant", "started_at") WHERE "completed_at" IS NOT NULL`;

/**
 * GET /tasks/stats' windows (durations over the last 24 hours, completions per minute over the last
 * hour) from the index alone. With the plain index on completed_at, each recomputation fetched
 * every task finished in the window from the heap, one page per task where they are scattered: at
 * a million rows, 50,000 tasks in the last day read ~29,500 pages (230 MB, more than
 * shared_buffers) once a second, ~270 ms of PostgreSQL's CPU. The columns the windows read
 * (status, task_type, tenant, started_at) INCLUDEd in the index let PostgreSQL answer them with an
 * index-only scan (~55 ms, the percentiles' sort being most of it). The retention sweep's
 * `completed_at < …` uses it as it used the plain one.
 *
 * No update that could be HOT before loses it: started_at and completed_at are set only with a
 * change of status, an indexed column already, and task_type and tenant never change; a task's
 * progress updates stay HOT. Built CONCURRENTLY under a new name, then swapped
 * for the plain one, so the table keeps taking writes; a build that failed half-way is dropped
 * first on the next run.
 */
export class CompletedAtCoveringIndex1767900000000 implements MigrationInterface {
  name = 'CompletedAtCoveringIndex1767900000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await swapIndex(queryRunner, COVERING_DEFINITION);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await swapIndex(queryRunner, OLD_DEFINITION);
  }
}

/**
 * Builds `definition` as tasks_completed_at_idx, in place of the index of that name. CONCURRENTLY
 * cannot run inside a transaction, and TypeORM's undoLastMigration opens one even for a migration
 * with `transaction = false`: there, the plain forms, which lock writes while they build.
 */
async function swapIndex(queryRunner: QueryRunner, definition: string): Promise<void> {
  const concurrently = queryRunner.isTransactionActive ? '' : ' CONCURRENTLY';
  await queryRunner.query(`DROP INDEX${concurrently} IF EXISTS "tasks_completed_at_next_idx"`);
  await queryRunner.query(`CREATE INDEX${concurrently} "tasks_completed_at_next_idx" ${definition}`);
  await queryRunner.query(`DROP INDEX${concurrently} IF EXISTS "tasks_completed_at_idx"`);
  await queryRunner.query(`ALTER INDEX "tasks_completed_at_next_idx" RENAME TO "tasks_completed_at_idx"`);
}
