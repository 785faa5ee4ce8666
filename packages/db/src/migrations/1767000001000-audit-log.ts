import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one row per change a caller made through the API (and per refused
 * authentication): who (key id and name), of which tenant, what, to what, when, from where and
 * with what outcome. Rows are only inserted, and deleted after AUDIT_RETENTION_DAYS.
 */
export class AuditLog1767000001000 implements MigrationInterface {
  name = 'AuditLog1767000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_log" (
      "id" bigserial PRIMARY KEY,
      "at" timestamptz(3) NOT NULL DEFAULT now(),
      "actor_key_id" varchar(16),
      "actor" varchar(120) NOT NULL,
      "tenant" varchar(64),
      "action" varchar(64) NOT NULL,
      "target" varchar(300),
      "status" smallint NOT NULL,
      "source_ip" varchar(64),
      "request_id" varchar(128),
      "detail" jsonb
    )`);
    // Newest first, by id (a bigserial grows with time): the cursor of GET /audit, and the filters'.
    await queryRunner.query(`CREATE INDEX "audit_log_tenant_id_idx" ON "audit_log" ("tenant", "id")`);
    await queryRunner.query(`CREATE INDEX "audit_log_action_id_idx" ON "audit_log" ("action", "id")`);
    await queryRunner.query(`CREATE INDEX "audit_log_at_idx" ON "audit_log" ("at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
