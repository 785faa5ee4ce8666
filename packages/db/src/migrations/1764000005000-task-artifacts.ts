import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Files tasks produce, stored with them and deleted with them. */
export class TaskArtifacts1764000005000 implements MigrationInterface {
  name = 'TaskArtifacts1764000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "task_artifacts" (
         "task_id" uuid NOT NULL,
         "name" varchar(200) NOT NULL,
         "content_type" varchar(200) NOT NULL,
         "size_bytes" integer NOT NULL,
         "content" bytea NOT NULL,
         "created_at" timestamptz(3) NOT NULL DEFAULT now(),
         CONSTRAINT "task_artifacts_pkey" PRIMARY KEY ("task_id", "name"),
         CONSTRAINT "task_artifacts_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE
       )`,
    );
    // Artifacts are already compressed or small; TOAST compression would only cost CPU.
    await queryRunner.query(`ALTER TABLE "task_artifacts" ALTER COLUMN "content" SET STORAGE EXTERNAL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "task_artifacts"`);
  }
}
