import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for searching tasks by parameter and result values, and for the queries on
 * completed_at (statistics over recent completions, retention of old final tasks).
 *
 * - GIN with jsonb_path_ops on parameters and result: serves `@>` containment (the
 *   `param.<key>=` and `result.<key>=` filters of GET /tasks), and is smaller and faster for it
 *   than the default jsonb_ops, which also serves key-existence operators we do not use.
 * - completed_at, partial on `completed_at IS NOT NULL`: only final tasks have one, so the index
 *   leaves out every task still pending or running, and any `completed_at >= …` / `< …`
 *   condition implies the predicate.
 *
 * Built CONCURRENTLY, outside a transaction, so that an existing table keeps taking writes from
 * workers while they build. A concurrent build that fails leaves an invalid index behind; each
 * is dropped first, so running this migration again after a failure starts clean.
 */
export class SearchAndStatsIndexes1764000002000 implements MigrationInterface {
  name = 'SearchAndStatsIndexes1764000002000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    const indexes: Array<[string, string]> = [
      ['tasks_parameters_idx', `ON "tasks" USING gin ("parameters" jsonb_path_ops)`],
      ['tasks_result_idx', `ON "tasks" USING gin ("result" jsonb_path_ops)`],
      ['tasks_completed_at_idx', `ON "tasks" ("completed_at") WHERE "completed_at" IS NOT NULL`],
    ];
    for (const [name, definition] of indexes) {
      await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
      await queryRunner.query(`CREATE INDEX CONCURRENTLY "${name}" ${definition}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ['tasks_completed_at_idx', 'tasks_result_idx', 'tasks_parameters_idx']) {
      await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
    }
  }
}
