import type { CreateWebhookBody, UpdateWebhookBody, WebhookDeliveryStatus } from '@atropos/tasks';
import { WEBHOOK_TEST_EVENT } from '@atropos/tasks';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { invalidRequest } from '../common/validation.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import type { Caller } from '../security/caller.js';
import { visibleTenant } from '../security/caller.js';
import { destinationProblem } from './webhook-destination.js';

interface SubscriptionRow {
  id: string;
  tenant: string;
  url: string;
  events: string[];
  filter_task_type: string | null;
  filter_labels: Record<string, string> | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

interface DeliveryRow {
  id: string;
  webhook_id: string | null;
  url: string;
  event: string;
  subject_id: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  give_up_at: Date;
  created_at: Date;
  delivered_at: Date | null;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  at: Date;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
}

export interface DeliveryQuery {
  webhook_id?: string;
  status?: WebhookDeliveryStatus;
  limit: number;
}

const SUBSCRIPTION_COLUMNS = `id, tenant, url, events, filter_task_type, filter_labels, enabled, created_at, updated_at`;

/** The delivery's destination for display: its subscription's url now, or the task's callback_url. */
const DELIVERY_COLUMNS = `d.id, d.webhook_id, COALESCE(s.url, d.url) AS url, d.event, d.subject_id, d.status, d.attempts,
  CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS next_attempt_at, d.give_up_at, d.created_at, d.delivered_at`;

function presentSubscription(row: SubscriptionRow) {
  const filter =
    row.filter_task_type === null && row.filter_labels === null
      ? null
      : {
          ...(row.filter_task_type === null ? {} : { task_type: row.filter_task_type }),
          ...(row.filter_labels === null ? {} : { labels: row.filter_labels }),
        };
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    filter,
    enabled: row.enabled,
    tenant: row.tenant,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function presentDelivery(row: DeliveryRow, attempts: AttemptRow[]) {
  return {
    id: row.id,
    webhook_id: row.webhook_id,
    url: row.url,
    event: row.event,
    subject_id: row.subject_id,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at?.toISOString() ?? null,
    give_up_at: row.give_up_at.toISOString(),
    created_at: row.created_at.toISOString(),
    delivered_at: row.delivered_at?.toISOString() ?? null,
    attempt_log: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      at: attempt.at.toISOString(),
      status_code: attempt.status_code,
      latency_ms: attempt.latency_ms,
      error: attempt.error,
    })),
  };
}

/**
 * Subscriptions and their deliveries, each scoped to the caller's tenant (admin: all, and its
 * subscriptions receive every tenant's events). A subscription of another tenant answers 404, and
 * so do an admin's subscriptions and their deliveries to a key of the admin's own tenant: they
 * carry other tenants' events. A delivery's tenant is that of the task or run it is about.
 * Sending is WebhookDispatcherService's; the outbox rows are written by database triggers.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
  ) {}

  /** 400 when the URL leads to a private, loopback or link-local address not allowed by WEBHOOK_ALLOWED_HOSTS. */
  async checkDestination(url: string, field: string): Promise<void> {
    const problem = await destinationProblem(url, this.config.webhookAllowedHosts);
    if (problem) throw invalidRequest([{ field, message: problem }]);
  }

  async create(body: CreateWebhookBody, caller: Caller) {
    await this.checkDestination(body.url, 'url');
    // Prefixed so that a secret pasted in the wrong place is recognisable.
    const secret = body.secret ?? `whsec_${randomBytes(24).toString('hex')}`;
    const [row] = await this.dataSource.query<SubscriptionRow[]>(
      `INSERT INTO webhook_subscriptions (id, tenant, all_tenants, url, events, filter_task_type, filter_labels, secret, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [
        randomUUID(),
        caller.tenant,
        visibleTenant(caller) === null,
        body.url,
        body.events,
        body.filter?.task_type ?? null,
        body.filter?.labels === undefined ? null : JSON.stringify(body.filter.labels),
        secret,
        body.enabled,
      ],
    );
    return { ...presentSubscription(row!), secret };
  }

  async list(caller: Caller) {
    const tenant = visibleTenant(caller);
    const rows = await this.dataSource.query<SubscriptionRow[]>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE $1::varchar IS NULL OR (tenant = $1 AND NOT all_tenants) ORDER BY created_at, id`,
      [tenant],
    );
    return { data: rows.map(presentSubscription) };
  }

  async get(id: string, caller: Caller) {
    return presentSubscription(await this.find(id, caller));
  }

  async update(id: string, changes: UpdateWebhookBody, caller: Caller) {
    const row = await this.find(id, caller);
    if (changes.url !== undefined) await this.checkDestination(changes.url, 'url');
    const filter = changes.filter === undefined ? presentSubscription(row).filter : changes.filter;
    const [updated] = await this.dataSource.query<[SubscriptionRow[], number]>(
      `UPDATE webhook_subscriptions
       SET url = $2, events = $3, filter_task_type = $4, filter_labels = $5, enabled = $6, secret = COALESCE($7, secret), updated_at = now()
       WHERE id = $1 RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [
        id,
        changes.url ?? row.url,
        changes.events ?? row.events,
        filter?.task_type ?? null,
        filter?.labels === undefined ? null : JSON.stringify(filter.labels),
        changes.enabled ?? row.enabled,
        changes.secret ?? null,
      ],
    );
    return presentSubscription(updated[0]!);
  }

  /** Its deliveries go with it (pending ones are not sent). */
  async delete(id: string, caller: Caller): Promise<void> {
    await this.find(id, caller);
    await this.dataSource.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [id]);
  }

  /** Queues a `webhook.test` delivery to the subscription, sent like any other. */
  async test(id: string, caller: Caller) {
    const row = await this.find(id, caller);
    const [inserted] = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO webhook_deliveries (webhook_id, tenant, event, data) VALUES ($1, $2, $3, $4) RETURNING id`,
      [row.id, row.tenant, WEBHOOK_TEST_EVENT, JSON.stringify({ webhook_id: row.id, message: 'A test delivery from Atropos' })],
    );
    return this.delivery(inserted!.id, caller);
  }

  async deliveries(query: DeliveryQuery, caller: Caller) {
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT ${DELIVERY_COLUMNS}
       FROM webhook_deliveries d LEFT JOIN webhook_subscriptions s ON s.id = d.webhook_id
       WHERE ($1::varchar IS NULL OR (d.tenant = $1 AND s.all_tenants IS NOT TRUE)) AND ($2::uuid IS NULL OR d.webhook_id = $2) AND ($3::varchar IS NULL OR d.status = $3)
       ORDER BY d.created_at DESC, d.id DESC
       LIMIT $4`,
      [visibleTenant(caller), query.webhook_id ?? null, query.status ?? null, query.limit],
    );
    const attempts = await this.attempts(rows.map((row) => row.id));
    return { data: rows.map((row) => presentDelivery(row, attempts.get(row.id) ?? [])) };
  }

  async delivery(id: string, caller: Caller) {
    const row = await this.findDelivery(id, caller);
    const attempts = await this.attempts([id]);
    return presentDelivery(row, attempts.get(id) ?? []);
  }

  /**
   * Sends a delivery again, with the same id (the event is the same; a receiver that already has it
   * may drop it), now and for another 24 hours of retries. A pending one is left alone: it is
   * already due, or in flight.
   */
  async redeliver(id: string, caller: Caller) {
    const row = await this.findDelivery(id, caller);
    const [, changed] = await this.dataSource.query<[unknown, number]>(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), give_up_at = now() + interval '24 hours', delivered_at = NULL
       WHERE id = $1 AND status <> 'pending'`,
      [id],
    );
    if (changed === 0) {
      throw new ConflictException(
        `Delivery ${id} is still pending: its next attempt is at ${row.next_attempt_at?.toISOString() ?? 'once it is claimed'}`,
      );
    }
    return this.delivery(id, caller);
  }

  private async find(id: string, caller: Caller): Promise<SubscriptionRow> {
    const [row] = await this.dataSource.query<SubscriptionRow[]>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE id = $1 AND ($2::varchar IS NULL OR (tenant = $2 AND NOT all_tenants))`,
      [id, visibleTenant(caller)],
    );
    if (!row) throw new NotFoundException(`Webhook ${id} not found`);
    return row;
  }

  private async findDelivery(id: string, caller: Caller): Promise<DeliveryRow> {
    const [row] = await this.dataSource.query<DeliveryRow[]>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d LEFT JOIN webhook_subscriptions s ON s.id = d.webhook_id
       WHERE d.id = $1 AND ($2::varchar IS NULL OR (d.tenant = $2 AND s.all_tenants IS NOT TRUE))`,
      [id, visibleTenant(caller)],
    );
    if (!row) throw new NotFoundException(`Webhook delivery ${id} not found`);
    return row;
  }

  private async attempts(ids: string[]): Promise<Map<string, AttemptRow[]>> {
    const byDelivery = new Map<string, AttemptRow[]>();
    if (ids.length === 0) return byDelivery;
    const rows = await this.dataSource.query<AttemptRow[]>(
      `SELECT delivery_id, attempt, at, status_code, latency_ms, error FROM webhook_attempts WHERE delivery_id = ANY ($1) ORDER BY id`,
      [ids],
    );
    for (const row of rows) byDelivery.set(row.delivery_id, [...(byDelivery.get(row.delivery_id) ?? []), row]);
    return byDelivery;
  }
}
