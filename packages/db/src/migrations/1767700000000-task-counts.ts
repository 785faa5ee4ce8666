import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The number of tasks per (tenant, task_type, status), kept exact by PostgreSQL, so that
 * GET /tasks/stats reads a few hundred rows instead of counting the whole tasks table.
 *
 * Like the webhook outbox, the counts are written by triggers, not by the code that writes tasks:
 * every writer (the TaskStore, the worker's coalesced completions, bulk actions, the retention
 * sweep, a cascade from workflow_runs, a statement typed by hand) moves them in its own
 * transaction, so they can neither drift from the table nor be forgotten by a writer added later.
 *
 * Why deltas and a fold rather than `UPDATE task_counts SET count = count + 1`: thousands of status
 * changes a second would all update the same few counter rows (one per type and status), and each
 * such UPDATE holds its row's lock until its transaction commits: the writers of the hot path would
 * queue behind one another. Instead each statement on `tasks` fires one statement-level trigger
 * (not one per row) that reads the statement's transition tables and appends its net change, one
 * row per (tenant, task_type, status) it touched, to `task_count_deltas`. Inserts take no lock
 * another writer waits on. The API folds the deltas into `task_counts` every second, on one replica
 * at a time (apps/api/src/stats/task-counts-fold.service.ts), in one transaction that deletes the
 * deltas it adds; a reader sums `task_counts` and the few deltas not folded yet in one statement,
 * so it sees each delta exactly once, before or after a fold.
 *
 * The UPDATE trigger fires for every UPDATE statement (a statement-level trigger with transition
 * tables can have neither a column list nor a WHEN), but a statement that changes no status, type
 * or tenant (progress, heartbeats, results on the way) nets to zero and inserts nothing.
 * TRUNCATE has no transition table: it empties the counts with the table.
 */
export class TaskCounts1767700000000 implements MigrationInterface {
  name = 'TaskCounts1767700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No write of tasks between the backfill below and the triggers taking over (until commit).
    await queryRunner.query(`LOCK TABLE "tasks" IN SHARE ROW EXCLUSIVE MODE`);
    await queryRunner.query(`CREATE TABLE "task_counts" (
      "tenant" varchar(64) NOT NULL,
      "task_type" varchar(64) NOT NULL,
      "status" "task_status" NOT NULL,
      "count" bigint NOT NULL,
      PRIMARY KEY ("tenant", "task_type", "status")
    )`);
    // Append-only between folds, emptied by each: many dead rows, so it is vacuumed often.
    await queryRunner.query(`CREATE TABLE "task_count_deltas" (
      "tenant" varchar(64) NOT NULL,
      "task_type" varchar(64) NOT NULL,
      "status" "task_status" NOT NULL,
      "delta" bigint NOT NULL
    ) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000)`);

    await queryRunner.query(`CREATE FUNCTION "task_counts_delta"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          -- Deltas first, then counts: the order a fold locks them in, so the two cannot deadlock.
          DELETE FROM task_count_deltas;
          DELETE FROM task_counts;
        ELSIF TG_OP = 'INSERT' THEN
          INSERT INTO task_count_deltas (tenant, task_type, status, delta)
          SELECT tenant, task_type, status, count(*) FROM new_rows GROUP BY 1, 2, 3;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO task_count_deltas (tenant, task_type, status, delta)
          SELECT tenant, task_type, status, -count(*) FROM old_rows GROUP BY 1, 2, 3;
        ELSE
          INSERT INTO task_count_deltas (tenant, task_type, status, delta)
          SELECT tenant, task_type, status, sum(delta)
            FROM (SELECT tenant, task_type, status, 1 AS delta FROM new_rows
                  UNION ALL
                  SELECT tenant, task_type, status, -1 FROM old_rows) AS changes
           GROUP BY 1, 2, 3
          HAVING sum(delta) <> 0;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "tasks_counts_insert" AFTER INSERT ON "tasks"
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "task_counts_delta"()`);
    await queryRunner.query(`CREATE TRIGGER "tasks_counts_update" AFTER UPDATE ON "tasks"
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "task_counts_delta"()`);
    await queryRunner.query(`CREATE TRIGGER "tasks_counts_delete" AFTER DELETE ON "tasks"
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "task_counts_delta"()`);
    await queryRunner.query(`CREATE TRIGGER "tasks_counts_truncate" AFTER TRUNCATE ON "tasks"
      FOR EACH STATEMENT EXECUTE FUNCTION "task_counts_delta"()`);

    // The tasks already there: one whole-table count, once.
    await queryRunner.query(`INSERT INTO "task_counts" ("tenant", "task_type", "status", "count")
      SELECT "tenant", "task_type", "status", count(*) FROM "tasks" GROUP BY 1, 2, 3`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tasks_counts_truncate" ON "tasks"`);
    await queryRunner.query(`DROP TRIGGER "tasks_counts_delete" ON "tasks"`);
    await queryRunner.query(`DROP TRIGGER "tasks_counts_update" ON "tasks"`);
    await queryRunner.query(`DROP TRIGGER "tasks_counts_insert" ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION "task_counts_delta"()`);
    await queryRunner.query(`DROP TABLE "task_count_deltas"`);
    await queryRunner.query(`DROP TABLE "task_counts"`);
  }
}
