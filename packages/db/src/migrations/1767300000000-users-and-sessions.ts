import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People who sign in to the web: `users` (an email, a role, a tenant, a scrypt hash of the
 * password) and their `user_sessions` (only the SHA-256 of each session token is kept; a session
 * ends when it expires, is revoked by sign-out or an admin, or its user is disabled).
 */
export class UsersAndSessions1767300000000 implements MigrationInterface {
  name = 'UsersAndSessions1767300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "users" (
      "id" varchar(16) PRIMARY KEY,
      "email" varchar(254) NOT NULL,
      "role" varchar(16) NOT NULL CHECK ("role" IN ('viewer', 'operator', 'admin')),
      "tenant" varchar(64) NOT NULL,
      "password_hash" varchar(300),
      "created_by" varchar(120),
      "created_at" timestamptz(3) NOT NULL DEFAULT now(),
      "disabled_at" timestamptz(3)
    )`);
    // Emails are compared case-insensitively: Ann@x.org and ann@x.org are one person.
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users" (lower("email"))`);
    await queryRunner.query(`CREATE TABLE "user_sessions" (
      "id" varchar(16) PRIMARY KEY,
      "user_id" varchar(16) NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
      "token_hash" bytea NOT NULL,
      "created_at" timestamptz(3) NOT NULL DEFAULT now(),
      "expires_at" timestamptz(3) NOT NULL,
      "last_seen_at" timestamptz(3),
      "revoked_at" timestamptz(3),
      "source_ip" varchar(64),
      CONSTRAINT "user_sessions_token_hash_key" UNIQUE ("token_hash")
    )`);
    await queryRunner.query(`CREATE INDEX "user_sessions_user_id_idx" ON "user_sessions" ("user_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "user_sessions"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
