import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The schemas are `json`, not `jsonb`: kept as written, with their properties in the order the
 * author gave them, which the web's form follows (jsonb would sort them by length).
 *
 * The catalog that learns from workers: the task types workers registered (the newest
 * registration of a name wins), which live workers serve each one (kept alive by their
 * heartbeats), and on each task the fingerprint of the schema its parameters were validated with.
 */
export class TaskTypeRegistry1765600000000 implements MigrationInterface {
  name = 'TaskTypeRegistry1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "task_type_registrations" (
         "name" varchar(64) NOT NULL,
         "description" text NOT NULL,
         "parameters_schema" json NOT NULL,
         "result_schema" json,
         "example" json,
         "timeout_s" integer NOT NULL,
         "max_retries" integer NOT NULL,
         "fingerprint" varchar(80) NOT NULL,
         "queue" varchar(200) NOT NULL,
         "registered_by" varchar(200) NOT NULL,
         "registered_at" timestamptz(3) NOT NULL DEFAULT now(),
         CONSTRAINT "task_type_registrations_pkey" PRIMARY KEY ("name")
       )`,
    );
    await queryRunner.query(
      `CREATE TABLE "task_type_workers" (
         "task_type" varchar(64) NOT NULL,
         "worker_id" varchar(200) NOT NULL,
         "fingerprint" varchar(80) NOT NULL,
         "queue" varchar(200) NOT NULL,
         "started_at" timestamptz(3) NOT NULL DEFAULT now(),
         "expires_at" timestamptz(3) NOT NULL,
         CONSTRAINT "task_type_workers_pkey" PRIMARY KEY ("task_type", "worker_id")
       )`,
    );
    await queryRunner.query(`CREATE INDEX "task_type_workers_worker_id_idx" ON "task_type_workers" ("worker_id")`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "schema_fingerprint" varchar(80)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "schema_fingerprint"`);
    await queryRunner.query(`DROP TABLE "task_type_workers"`);
    await queryRunner.query(`DROP TABLE "task_type_registrations"`);
  }
}
