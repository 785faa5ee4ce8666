import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recurring schedules, and one row per slot a schedule fired (or skipped). The primary key
 * (schedule_id, slot_at, trigger) is what makes a slot fire exactly once across API replicas and restarts:
 * the replica whose INSERT … ON CONFLICT DO NOTHING returns the row creates the task in the same
 * transaction; every other replica inserts nothing and creates nothing.
 */
export class Schedules1766000000000 implements MigrationInterface {
  name = 'Schedules1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "schedules" (
      "id" uuid PRIMARY KEY,
      "name" varchar(64) NOT NULL,
      "cron" varchar(200) NOT NULL,
      "timezone" varchar(64) NOT NULL DEFAULT 'UTC',
      "task_type" varchar(64) NOT NULL,
      "parameters" jsonb NOT NULL DEFAULT '{}',
      "priority" integer NOT NULL DEFAULT 5,
      "overlap" varchar(16) NOT NULL DEFAULT 'skip' CHECK ("overlap" IN ('skip', 'allow', 'cancel_previous')),
      "catch_up" varchar(16) NOT NULL DEFAULT 'none' CHECK ("catch_up" IN ('none', 'latest', 'all')),
      "enabled" boolean NOT NULL DEFAULT true,
      "source" varchar(16) NOT NULL DEFAULT 'api' CHECK ("source" IN ('api', 'config')),
      "declaration_hash" varchar(64),
      "next_fire_at" timestamptz(3),
      "last_slot_at" timestamptz(3) NOT NULL DEFAULT now(),
      "created_at" timestamptz(3) NOT NULL DEFAULT now(),
      "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT "schedules_name_key" UNIQUE ("name")
    )`);
    await queryRunner.query(`CREATE INDEX "schedules_due_idx" ON "schedules" ("next_fire_at") WHERE "enabled"`);
    await queryRunner.query(`CREATE TABLE "schedule_fires" (
      "schedule_id" uuid NOT NULL REFERENCES "schedules" ("id") ON DELETE CASCADE,
      "slot_at" timestamptz(3) NOT NULL,
      "trigger" varchar(16) NOT NULL CHECK ("trigger" IN ('cron', 'manual')),
      "outcome" varchar(16) NOT NULL CHECK ("outcome" IN ('created', 'skipped', 'refused')),
      "task_id" uuid,
      "detail" text,
      "fired_at" timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY ("schedule_id", "slot_at", "trigger")
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "schedule_fires"`);
    await queryRunner.query(`DROP TABLE "schedules"`);
  }
}
