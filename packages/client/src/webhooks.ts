import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every webhook delivery, as Node lowercases them in `request.headers`. */
export const WEBHOOK_SIGNATURE_HEADER = 'atropos-signature';
export const WEBHOOK_DELIVERY_ID_HEADER = 'atropos-delivery-id';
export const WEBHOOK_EVENT_HEADER = 'atropos-event';

/** The body of every delivery. */
export interface WebhookPayload<Data = Record<string, unknown>> {
  /** The delivery id (also the `Atropos-Delivery-Id` header): the same on every attempt, to deduplicate on. */
  id: string;
  /** `task.completed`, `task.failed`, `task.cancelled`, `workflow_run.<status>`, or `webhook.test`. */
  event: string;
  /** When the event happened (ISO 8601). */
  created_at: string;
  /** The task or workflow run as it was then. */
  data: Data;
}

export interface VerifyWebhookOptions {
  /** The request body exactly as received (text, or bytes: a Buffer is a Uint8Array): re-serialised JSON does not match. */
  body: string | Uint8Array;
  /** The `Atropos-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
  signature: string | string[] | undefined | null;
  /** The webhook's secret (given or returned by POST /webhooks), or WEBHOOK_CALLBACK_SECRET for a task's callback_url. */
  secret: string;
  /** A signature older (or further ahead) than this is refused, against replays; default 300. */
  toleranceSeconds?: number;
  /** For tests: the time to judge the timestamp against. */
  now?: Date;
}

/**
 * Whether a webhook delivery is authentic: its `Atropos-Signature` carries a `v1` HMAC-SHA256 of
 * `<t>.<body>` under `secret`, compared in constant time, and a timestamp `t` within
 * `toleranceSeconds` of now. Several `v1` entries (as while a secret is being changed) pass if any
 * matches.
 *
 * ```ts
 * const ok = verifyWebhookSignature({ body: rawBody, signature: req.headers['atropos-signature'], secret });
 * if (!ok) return res.status(400).end();
 * ```
 */
export function verifyWebhookSignature(options: VerifyWebhookOptions): boolean {
  const header = Array.isArray(options.signature) ? options.signature[0] : options.signature;
  if (!header) return false;
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (timestamp === undefined || candidates.length === 0) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : Buffer.from(options.body);
  const expected = createHmac('sha256', options.secret).update(`${timestamp}.`).update(body).digest();
  return candidates.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
}

/**
 * Verifies a delivery (see verifyWebhookSignature) and parses its body; throws when the signature
 * does not hold, so that an unverified payload is never used.
 */
export function parseWebhook<Data = Record<string, unknown>>(options: VerifyWebhookOptions): WebhookPayload<Data> {
  if (!verifyWebhookSignature(options)) throw new Error('Invalid webhook signature (wrong secret, altered body, or too old)');
  const text = typeof options.body === 'string' ? options.body : Buffer.from(options.body).toString('utf8');
  return JSON.parse(text) as WebhookPayload<Data>;
}
