import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The newest tasks carrying one label, at any table size. The GIN index on `labels` finds every
 * task with a label but cannot give them newest first, so `GET /tasks?label.project=beta&limit=50`
 * either sorted all of a label's tasks or walked the whole `created_at` index past the tasks of
 * other labels: both grow with the table. `task_labels` holds one row per label of each task with
 * the task's `created_at`; its B-tree on (key, value, created_at, task_id) hands the list the
 * newest matches in order, so a page reads its 50 rows whatever the table holds.
 *
 * A task's labels are written once, at creation (nothing updates them), so an AFTER INSERT
 * trigger keeps the table whole however the task was inserted (the API, a workflow, a schedule,
 * a test's SQL); it fires only for a task that has labels. Deleting a task deletes its rows
 * (ON DELETE CASCADE, served by the primary key).
 */
export class TaskLabelIndex1767800000000 implements MigrationInterface {
  name = 'TaskLabelIndex1767800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "task_labels" (
         "task_id" uuid NOT NULL REFERENCES "tasks" ("id") ON DELETE CASCADE,
         "key" text NOT NULL,
         "value" text NOT NULL,
         "created_at" timestamptz(3) NOT NULL,
         PRIMARY KEY ("task_id", "key")
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "task_labels_newest_idx" ON "task_labels" ("key", "value", "created_at" DESC, "task_id" DESC)`,
    );
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION "tasks_index_labels"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO task_labels (task_id, key, value, created_at)
         SELECT NEW.id, label.key, label.value, NEW.created_at FROM jsonb_each_text(NEW.labels) AS label;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(`DROP TRIGGER IF EXISTS "tasks_index_labels" ON "tasks"`);
    await queryRunner.query(
      `CREATE TRIGGER "tasks_index_labels" AFTER INSERT ON "tasks"
         FOR EACH ROW WHEN (NEW.labels <> '{}'::jsonb) EXECUTE FUNCTION "tasks_index_labels"()`,
    );
    await queryRunner.query(
      `INSERT INTO task_labels (task_id, key, value, created_at)
       SELECT t.id, label.key, label.value, t.created_at
         FROM tasks t, jsonb_each_text(t.labels) AS label
        WHERE t.labels <> '{}'::jsonb
       ON CONFLICT DO NOTHING`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS "tasks_index_labels" ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS "tasks_index_labels"()`);
    await queryRunner.query(`DROP TABLE IF EXISTS "task_labels"`);
  }
}
