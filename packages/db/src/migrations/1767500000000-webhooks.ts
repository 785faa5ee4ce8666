import { FINAL_STATUSES, FINAL_WORKFLOW_RUN_STATUSES } from '@atropos/tasks';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `'completed', 'failed', 'cancelled'`, from the transition tables (the only lists of statuses). */
const sqlList = (statuses: readonly string[]) => statuses.map((status) => `'${status}'`).join(', ');

/**
 * Webhooks: subscriptions, a per-task `callback_url`, and the outbox of deliveries with a log of
 * every attempt.
 *
 * The outbox is written by triggers on `tasks` and `workflow_runs`, not by the code that changes
 * the status. A task reaches a final status through many writers (the TaskStore's completions,
 * batched by the worker's WriteCoalescer; cancels and flushes of the API; the sweeper; the
 * workflow engine for runs); a trigger fires inside the very transaction of each of those writes,
 * so a delivery row exists if and only if the status change committed: a crash can neither lose
 * the event (status committed, outbox not) nor invent one (outbox committed, status rolled back),
 * and no writer added later can forget it. The rows' cost is one lookup in the small
 * subscriptions table per final status change.
 *
 * Each row's `id` is the delivery id receivers deduplicate on: it is the same on every attempt.
 * The dispatcher (apps/api/src/webhooks) claims due rows with a lease, so a restart mid-delivery
 * sends the same id again once the lease has run out, and never two at once.
 */
export class Webhooks1767500000000 implements MigrationInterface {
  name = 'Webhooks1767500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD COLUMN "callback_url" varchar(2048)`);
    await queryRunner.query(`CREATE TABLE "webhook_subscriptions" (
      "id" uuid PRIMARY KEY,
      "tenant" varchar(64) NOT NULL,
      "all_tenants" boolean NOT NULL DEFAULT false,
      "url" varchar(2048) NOT NULL,
      "events" text[] NOT NULL,
      "filter_task_type" varchar(64),
      "filter_labels" jsonb,
      "secret" text NOT NULL,
      "enabled" boolean NOT NULL DEFAULT true,
      "created_at" timestamptz(3) NOT NULL DEFAULT now(),
      "updated_at" timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(`CREATE INDEX "webhook_subscriptions_tenant_idx" ON "webhook_subscriptions" ("tenant", "created_at")`);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "webhook_id" uuid REFERENCES "webhook_subscriptions" ("id") ON DELETE CASCADE,
      "url" varchar(2048),
      "tenant" varchar(64) NOT NULL,
      "event" varchar(64) NOT NULL,
      "subject_id" uuid,
      "data" jsonb NOT NULL,
      "status" varchar(16) NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'delivered', 'failed')),
      "attempts" integer NOT NULL DEFAULT 0,
      "next_attempt_at" timestamptz(3) DEFAULT now(),
      "give_up_at" timestamptz(3) NOT NULL DEFAULT now() + interval '24 hours',
      "created_at" timestamptz(3) NOT NULL DEFAULT now(),
      "delivered_at" timestamptz(3),
      CONSTRAINT "webhook_deliveries_destination_check" CHECK (("webhook_id" IS NULL) <> ("url" IS NULL))
    )`);
    // The dispatcher's claim: due rows, oldest due first; small, as it holds only pending rows.
    await queryRunner.query(
      `CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" ("next_attempt_at") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_tenant_created_idx" ON "webhook_deliveries" ("tenant", "created_at")`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_webhook_created_idx" ON "webhook_deliveries" ("webhook_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_created_idx" ON "webhook_deliveries" ("created_at")`);
    await queryRunner.query(`CREATE TABLE "webhook_attempts" (
      "id" bigserial PRIMARY KEY,
      "delivery_id" uuid NOT NULL REFERENCES "webhook_deliveries" ("id") ON DELETE CASCADE,
      "attempt" integer NOT NULL,
      "at" timestamptz(3) NOT NULL DEFAULT now(),
      "status_code" smallint,
      "latency_ms" integer NOT NULL,
      "error" text
    )`);
    await queryRunner.query(`CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" ("delivery_id", "id")`);

    // One function for both tables: `kind` (the trigger's argument) names the event, and only a
    // task can carry a callback_url or match a task_type filter.
    await queryRunner.query(`CREATE FUNCTION "webhook_outbox"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        kind text := TG_ARGV[0];
        v_event text := kind || '.' || NEW.status;
        v_payload jsonb;
        v_task_type text;
        v_callback_url text;
      BEGIN
        -- Separate IFs: NEW has only its own table's columns, and an expression naming another's fails.
        IF kind = 'task' THEN
          v_task_type := NEW.task_type;
          v_callback_url := NEW.callback_url;
        END IF;
        -- Most final writes have nothing to deliver: no JSON is built for them (this runs per row).
        IF v_callback_url IS NULL AND NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE enabled) THEN
          RETURN NULL;
        END IF;
        IF kind = 'task' THEN
          v_payload := jsonb_build_object(
            'id', NEW.id, 'task_type', NEW.task_type, 'status', NEW.status, 'name', NEW.name, 'labels', NEW.labels,
            'tenant', NEW.tenant, 'result', NEW.result, 'error', NEW.error, 'attempts', NEW.attempts,
            'workflow_run_id', NEW.workflow_run_id, 'created_at', NEW.created_at, 'completed_at', NEW.completed_at);
        ELSE
          v_payload := jsonb_build_object(
            'id', NEW.id, 'workflow', NEW.workflow, 'status', NEW.status, 'labels', NEW.labels, 'tenant', NEW.tenant,
            'error', NEW.error, 'created_at', NEW.created_at, 'completed_at', NEW.completed_at);
        END IF;
        INSERT INTO webhook_deliveries (webhook_id, tenant, event, subject_id, data)
        SELECT s.id, NEW.tenant, v_event, NEW.id, v_payload
        FROM webhook_subscriptions s
        WHERE s.enabled AND v_event = ANY (s.events)
          AND (s.tenant = NEW.tenant OR s.all_tenants)
          -- A task_type filter leaves out workflow runs, which have no type.
          AND (s.filter_task_type IS NULL OR s.filter_task_type = v_task_type)
          AND (s.filter_labels IS NULL OR NEW.labels @> s.filter_labels);
        IF v_callback_url IS NOT NULL THEN
          INSERT INTO webhook_deliveries (url, tenant, event, subject_id, data)
          VALUES (v_callback_url, NEW.tenant, v_event, NEW.id, v_payload);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "tasks_webhook_outbox" AFTER UPDATE OF "status" ON "tasks" FOR EACH ROW
      WHEN (NEW.status IN (${sqlList(FINAL_STATUSES)}) AND OLD.status IS DISTINCT FROM NEW.status)
      EXECUTE FUNCTION "webhook_outbox"('task')`);
    await queryRunner.query(`CREATE TRIGGER "workflow_runs_webhook_outbox" AFTER UPDATE OF "status" ON "workflow_runs" FOR EACH ROW
      WHEN (NEW.status IN (${sqlList(FINAL_WORKFLOW_RUN_STATUSES)}) AND OLD.status IS DISTINCT FROM NEW.status)
      EXECUTE FUNCTION "webhook_outbox"('workflow_run')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "workflow_runs_webhook_outbox" ON "workflow_runs"`);
    await queryRunner.query(`DROP TRIGGER "tasks_webhook_outbox" ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION "webhook_outbox"()`);
    await queryRunner.query(`DROP TABLE "webhook_attempts"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "callback_url"`);
  }
}
