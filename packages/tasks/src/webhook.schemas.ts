import { z } from 'zod';
import { taskLabelsSchema } from './task-labels.js';
import { isoTimestamp } from './wire.schemas.js';

/**
 * Webhooks: what a subscription asks for, what the API answers about subscriptions and their
 * deliveries, and what a receiver gets. Read by the API (validation, OpenAPI), the web and
 * @atropos/client (the signature verifier).
 */

/**
 * The events a subscription can ask for: a task or a workflow run reaching a final status. The
 * database trigger that writes the outbox (migration 1767500000000) names them the same way,
 * `<kind>.<status>`.
 */
export const WEBHOOK_EVENTS = [
  'task.completed',
  'task.failed',
  'task.cancelled',
  'workflow_run.completed',
  'workflow_run.failed',
  'workflow_run.cancelled',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The event of `POST /webhooks/{id}/test`: a delivery that no task caused. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** Delivery statuses: waiting for its next attempt, received (2xx), or given up on. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** Headers of every delivery. */
export const WEBHOOK_HEADERS = {
  /** The delivery's id: the same on every attempt of it, so a receiver can drop repeats. */
  deliveryId: 'Atropos-Delivery-Id',
  event: 'Atropos-Event',
  /** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by the secret>`. */
  signature: 'Atropos-Signature',
} as const;

export const MIN_WEBHOOK_SECRET_LENGTH = 16;

export const webhookUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2048)
  .meta({ example: 'https://hooks.example.com/atropos' });

export const webhookSecretSchema = z
  .string()
  .min(MIN_WEBHOOK_SECRET_LENGTH, `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`)
  .max(200)
  .describe('Signs every delivery (HMAC-SHA256); never shown again. Left out on creation: one is made and returned once.');

export const webhookFilterSchema = z
  .strictObject({
    task_type: z.string().min(1).max(64).optional().describe("Only tasks of this type (and runs' steps of it)."),
    labels: taskLabelsSchema.optional().describe('Only tasks and runs carrying every one of these labels.'),
  })
  .describe('Only the events of tasks (and runs) that match every field given.');

const subscriptionFields = {
  url: webhookUrlSchema.describe(
    'Where deliveries are POSTed. Private, loopback and link-local addresses are refused unless the host is in WEBHOOK_ALLOWED_HOSTS.',
  ),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1)
    .max(WEBHOOK_EVENTS.length)
    .refine((events) => new Set(events).size === events.length, { error: 'lists an event twice' })
    .describe('The events to deliver.'),
  filter: webhookFilterSchema.optional(),
  enabled: z.boolean().default(true).describe('False: no delivery is made for new events.'),
};

export const createWebhookBody = z
  .strictObject({ ...subscriptionFields, secret: webhookSecretSchema.optional() })
  .meta({ id: 'CreateWebhookRequest' });
export type CreateWebhookBody = z.output<typeof createWebhookBody>;

export const updateWebhookBody = z
  .strictObject({
    url: subscriptionFields.url.optional(),
    events: subscriptionFields.events.optional(),
    filter: webhookFilterSchema.nullable().optional().describe('null removes the filter.'),
    enabled: z.boolean().optional(),
    secret: webhookSecretSchema.optional().describe('A new secret: deliveries from now on are signed with it.'),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'change at least one field' })
  .meta({ id: 'UpdateWebhookRequest' });
export type UpdateWebhookBody = z.output<typeof updateWebhookBody>;

export const webhookSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    filter: webhookFilterSchema.nullable(),
    enabled: z.boolean(),
    tenant: z.string(),
    created_at: isoTimestamp,
    updated_at: isoTimestamp,
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.output<typeof webhookSchema>;

/** The answer to POST /webhooks: the only time the secret is shown. */
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string() }).meta({ id: 'CreatedWebhook' });

export const webhookListSchema = z.object({ data: z.array(webhookSchema) }).meta({ id: 'WebhookList' });

export const webhookAttemptSchema = z
  .object({
    attempt: z.int(),
    at: isoTimestamp,
    status_code: z.int().nullable().describe("The receiver's HTTP status; null when none came (refused, timeout)."),
    latency_ms: z.int(),
    error: z.string().nullable(),
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookDeliverySchema = z
  .object({
    id: z.uuid().describe('The Atropos-Delivery-Id header: the same on every attempt and redelivery.'),
    webhook_id: z.uuid().nullable().describe("The subscription; null for a task's callback_url."),
    url: z.string(),
    event: z.string(),
    subject_id: z.uuid().nullable().describe('The task or workflow run the event is about.'),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.int(),
    next_attempt_at: isoTimestamp.nullable(),
    give_up_at: isoTimestamp.describe('Attempts stop after this (24 hours after the event or the redelivery).'),
    created_at: isoTimestamp,
    delivered_at: isoTimestamp.nullable(),
    attempt_log: z.array(webhookAttemptSchema).describe('Every attempt, oldest first.'),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.output<typeof webhookDeliverySchema>;

export const webhookDeliveryListSchema = z.object({ data: z.array(webhookDeliverySchema) }).meta({ id: 'WebhookDeliveryList' });

/** The JSON body of every delivery (its exact bytes are what the signature covers). */
export const webhookPayloadSchema = z
  .object({
    id: z.uuid().describe('The delivery id, as in the Atropos-Delivery-Id header.'),
    event: z.string(),
    created_at: isoTimestamp.describe('When the event happened.'),
    data: z.record(z.string(), z.unknown()).describe('The task or run as it was when the event happened.'),
  })
  .meta({ id: 'WebhookPayload' });
export type WebhookPayload = z.output<typeof webhookPayloadSchema>;

/** GET /webhook-deliveries: newest first. */
export const webhookDeliveriesQuery = z.strictObject({
  webhook_id: z.uuid().optional().describe("Only this subscription's deliveries."),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type WebhookDeliveriesQuery = z.output<typeof webhookDeliveriesQuery>;
