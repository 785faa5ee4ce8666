import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task's `name` (free text) and `labels` (a flat JSON object of `key: value` strings), and the
 * `labels` a workflow run passes on to its step tasks.
 *
 * - GIN with jsonb_path_ops on labels: serves `labels @> '{"project":"beta"}'`, the
 *   `label.<key>=<value>` filters of GET /tasks, with one index lookup for any number of them.
 * - GIN with gin_trgm_ops on name: serves `name ILIKE '%text%'`, the `name` search, which a
 *   B-tree cannot (the text may be anywhere in the name). pg_trgm is a trusted extension
 *   (PostgreSQL 13+), so the database's owner may create it.
 *
 * Adding a column with a constant default rewrites nothing (PostgreSQL 11+). The indexes are built
 * CONCURRENTLY, outside a transaction, so a big table keeps taking writes meanwhile; each is
 * dropped first, so a run after a failed build (which leaves an invalid index) starts clean.
 */
export class TaskNamesAndLabels1767100000000 implements MigrationInterface {
  name = 'TaskNamesAndLabels1767100000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD COLUMN IF NOT EXISTS "name" varchar(200)`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD COLUMN IF NOT EXISTS "labels" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "workflow_runs" ADD COLUMN IF NOT EXISTS "labels" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    const indexes: Array<[string, string]> = [
      ['tasks_labels_idx', `ON "tasks" USING gin ("labels" jsonb_path_ops)`],
      ['tasks_name_trgm_idx', `ON "tasks" USING gin ("name" gin_trgm_ops) WHERE "name" IS NOT NULL`],
    ];
    for (const [name, definition] of indexes) {
      await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
      await queryRunner.query(`CREATE INDEX CONCURRENTLY "${name}" ${definition}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "tasks_name_trgm_idx"`);
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "tasks_labels_idx"`);
    await queryRunner.query(`ALTER TABLE "workflow_runs" DROP COLUMN IF EXISTS "labels"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN IF EXISTS "labels"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN IF EXISTS "name"`);
  }
}
