import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants and managed API keys. Every task, workflow run and Idempotency-Key belongs to a tenant
 * (`default` for what existed before, and for everything of an API without keys); a key reads
 * and acts on its tenant's only. `api_keys` holds the keys created at run time (`POST /api-keys`,
 * `atropos keys create`), as SHA-256 hashes only.
 */
export class TenantsAndApiKeys1767000000000 implements MigrationInterface {
  name = 'TenantsAndApiKeys1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A constant default: PostgreSQL 11+ adds the column without rewriting the table.
    await queryRunner.query(`ALTER TABLE "tasks" ADD "tenant" varchar(64) NOT NULL DEFAULT 'default'`);
    await queryRunner.query(`CREATE INDEX "tasks_tenant_created_at_id_idx" ON "tasks" ("tenant", "created_at", "id")`);
    // The open-task cap counts per tenant; small, as it holds only unfinished tasks.
    await queryRunner.query(
      `CREATE INDEX "tasks_open_by_tenant_idx" ON "tasks" ("tenant") WHERE "status" IN ('pending', 'processing', 'retrying')`,
    );
    await queryRunner.query(`ALTER TABLE "workflow_runs" ADD "tenant" varchar(64) NOT NULL DEFAULT 'default'`);
    await queryRunner.query(`CREATE INDEX "workflow_runs_tenant_created_at_id_idx" ON "workflow_runs" ("tenant", "created_at", "id")`);
    // Idempotency-Keys are per tenant: one tenant can neither replay nor block another's.
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD "tenant" varchar(64) NOT NULL DEFAULT 'default'`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_pkey"`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("tenant", "key")`);
    await queryRunner.query(`CREATE TABLE "api_keys" (
      "id" varchar(16) PRIMARY KEY,
      "name" varchar(100) NOT NULL,
      "tenant" varchar(64) NOT NULL,
      "scope" varchar(16) NOT NULL CHECK ("scope" IN ('read', 'write', 'admin', 'worker', 'metrics')),
      "secret_hash" bytea NOT NULL,
      "created_by" varchar(120),
      "created_at" timestamptz(3) NOT NULL DEFAULT now(),
      "expires_at" timestamptz(3),
      "last_used_at" timestamptz(3),
      "revoked_at" timestamptz(3),
      CONSTRAINT "api_keys_secret_hash_key" UNIQUE ("secret_hash")
    )`);
    await queryRunner.query(`CREATE INDEX "api_keys_tenant_created_at_idx" ON "api_keys" ("tenant", "created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_pkey"`);
    await queryRunner.query(`DELETE FROM "idempotency_keys" WHERE "tenant" <> 'default'`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "tenant"`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD PRIMARY KEY ("key")`);
    await queryRunner.query(`DROP INDEX "workflow_runs_tenant_created_at_id_idx"`);
    await queryRunner.query(`ALTER TABLE "workflow_runs" DROP COLUMN "tenant"`);
    await queryRunner.query(`DROP INDEX "tasks_open_by_tenant_idx"`);
    await queryRunner.query(`DROP INDEX "tasks_tenant_created_at_id_idx"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "tenant"`);
  }
}
