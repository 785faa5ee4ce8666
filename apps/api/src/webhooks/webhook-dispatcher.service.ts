import { WEBHOOK_HEADERS } from '@atropos/tasks';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { DataSource } from 'typeorm';
import { PeriodicJob } from '../common/periodic-job.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { destinationProblem, guardedLookup, hostOf } from './webhook-destination.js';
import { signatureHeader } from './webhook-signature.js';

/** Deliveries claimed per tick (and so sent at once by one replica). */
const CLAIM_BATCH = 20;

/** The longest wait between two attempts of a delivery. */
const MAX_RETRY_DELAY_MS = 3_600_000;

/** Bytes of a receiver's answer read (and thrown away); the rest is not waited for. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** A claimed delivery, with what sending it needs. */
interface ClaimedDelivery {
  id: string;
  attempts: number;
  event: string;
  data: Record<string, unknown>;
  created_at: Date;
  give_up_at: Date;
  webhook_id: string | null;
  url: string | null;
  secret: string | null;
}

/** What one attempt came to. */
interface AttemptOutcome {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/**
 * The wait before attempt `attempt + 1`, after `attempt` failed: `baseMs` doubled per attempt
 * (at most an hour), times a random factor in [0.5, 1) so that deliveries that failed together
 * (a receiver that was down) do not all come back at the same moment.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: number = Math.random()): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS);
  return Math.round(exponential * (0.5 + random / 2));
}

/**
 * Sends the webhook outbox (rows the database triggers wrote when tasks and runs ended).
 *
 * Every replica ticks every WEBHOOK_POLL_INTERVAL_MS and claims due rows with `FOR UPDATE SKIP
 * LOCKED`, pushing their `next_attempt_at` past the attempt's timeout: that is the lease. While it
 * runs, no replica (nor this one after a restart) claims the row again; should the API die
 * mid-attempt, the row comes due when the lease ends and is sent again with the same delivery id,
 * which the receiver deduplicates on. The attempt's outcome is written only if the row is still
 * at the attempt it claimed (`attempts` is the fencing token), so a late answer never overwrites
 * a newer attempt's. Every attempt is logged in webhook_attempts.
 */
@Injectable()
export class WebhookDispatcherService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly periodic: PeriodicJob;
  private readonly leaseMs: number;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
  ) {
    // Long enough for the attempt's timeout and the write of its outcome.
    this.leaseMs = config.webhookTimeoutMs + 5_000;
    this.periodic = new PeriodicJob(
      () => this.tick(),
      config.webhookPollIntervalMs,
      (error) => this.logger.warn(`Webhook deliveries not sent this time: ${String(error)}`),
    );
  }

  onApplicationBootstrap(): void {
    this.periodic.start({ runNow: true });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
  }

  /** Claims the due deliveries and sends them all at once; resolves when every outcome is written. */
  async tick(): Promise<void> {
    const claimed = await this.claim();
    await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
  }

  private async claim(): Promise<ClaimedDelivery[]> {
    const [rows] = await this.dataSource.query<[ClaimedDelivery[], number]>(
      `WITH due AS (
         SELECT id FROM webhook_deliveries
         WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d
       SET attempts = d.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
       FROM due
       WHERE d.id = due.id
       RETURNING d.id, d.attempts, d.event, d.data, d.created_at, d.give_up_at, d.webhook_id, d.url`,
      [CLAIM_BATCH, this.leaseMs],
    );
    if (rows.length === 0) return [];
    // The subscription's current url and secret: a change applies to deliveries not yet made.
    const subscriptions = await this.dataSource.query<Array<{ id: string; url: string; secret: string }>>(
      `SELECT id, url, secret FROM webhook_subscriptions WHERE id = ANY ($1)`,
      [[...new Set(rows.flatMap((row) => (row.webhook_id === null ? [] : [row.webhook_id])))]],
    );
    const byId = new Map(subscriptions.map((subscription) => [subscription.id, subscription]));
    return rows.map((row) => {
      if (row.webhook_id === null) return { ...row, secret: this.config.webhookCallbackSecret ?? null };
      const subscription = byId.get(row.webhook_id);
      return { ...row, url: subscription?.url ?? null, secret: subscription?.secret ?? null };
    });
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const outcome = await this.attempt(delivery);
    const delivered = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const now = Date.now();
    const giveUpAt = delivery.give_up_at.getTime();
    const next =
      delivered || now >= giveUpAt
        ? null
        : new Date(Math.min(now + retryDelayMs(delivery.attempts, this.config.webhookRetryBaseMs), giveUpAt));
    const status = delivered ? 'delivered' : next === null ? 'failed' : 'pending';
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, status_code, latency_ms, error) VALUES ($1, $2, $3, $4, $5)`,
        [delivery.id, delivery.attempts, outcome.statusCode, outcome.latencyMs, outcome.error],
      );
      await manager.query(
        `UPDATE webhook_deliveries
         SET status = $3::varchar, next_attempt_at = $4, delivered_at = CASE WHEN $3::varchar = 'delivered' THEN now() END
         WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
        [delivery.id, delivery.attempts, status, next],
      );
    });
    if (status === 'failed')
      this.logger.warn(`Webhook delivery ${delivery.id} (${delivery.event}) failed for good after ${delivery.attempts} attempt(s)`);
  }

  /** One POST of the delivery; never throws: what went wrong is the outcome's error. */
  private async attempt(delivery: ClaimedDelivery): Promise<AttemptOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    if (delivery.url === null || delivery.secret === null) {
      return { statusCode: null, latencyMs: 0, error: 'no destination: the subscription was deleted, or WEBHOOK_CALLBACK_SECRET is unset' };
    }
    const url = new URL(delivery.url);
    // An address in the URL: node connects to it without a lookup, so it is checked here.
    if (net.isIP(hostOf(url))) {
      const problem = await destinationProblem(delivery.url, this.config.webhookAllowedHosts);
      if (problem) return { statusCode: null, latencyMs: 0, error: problem };
    }
    const body = JSON.stringify({
      id: delivery.id,
      event: delivery.event,
      created_at: delivery.created_at.toISOString(),
      data: delivery.data,
    });
    try {
      const statusCode = await post(
        url,
        body,
        {
          'content-type': 'application/json',
          'user-agent': 'Atropos-Webhooks/1',
          [WEBHOOK_HEADERS.deliveryId]: delivery.id,
          [WEBHOOK_HEADERS.event]: delivery.event,
          [WEBHOOK_HEADERS.signature]: signatureHeader(delivery.secret, body),
        },
        {
          timeoutMs: this.config.webhookTimeoutMs,
          lookup: guardedLookup(hostOf(url), this.config.webhookAllowedHosts),
        },
      );
      return { statusCode, latencyMs: elapsed(), error: statusCode >= 200 && statusCode < 300 ? null : `answered ${statusCode}` };
    } catch (error) {
      return { statusCode: null, latencyMs: elapsed(), error: (error as Error).message };
    }
  }
}

/**
 * POSTs the body and resolves with the status code once the answer (up to MAX_ANSWER_BYTES of it)
 * came. Redirects are not followed: a 3xx is a failed attempt, as the redirect's target was never checked.
 */
function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; lookup: net.LookupFunction },
): Promise<number> {
  return new Promise((resolve, reject) => {
    // For the whole attempt: a socket timeout alone would let a receiver that trickles bytes hold it forever.
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    const settle =
      <T>(finish: (value: T) => void) =>
      (value: T) => {
        clearTimeout(timer);
        finish(value);
      };
    resolve = settle(resolve);
    reject = settle(reject);
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, lookup: options.lookup },
      (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        response.on('close', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
