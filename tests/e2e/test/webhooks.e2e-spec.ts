import { verifyWebhookSignature } from '@atropos/client';
import type { AppProcess, RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, startWorker, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAST_SETTINGS } from './platform.js';

/**
 * Webhooks end to end: the real API and worker, a receiver on loopback (allowed by
 * WEBHOOK_ALLOWED_HOSTS). Each event must reach the receiver as exactly one verified delivery
 * (one delivery id, accepted once) through a receiver that fails the first two tries, and through
 * an API killed while its request is in flight and started again.
 */

const SECRET = 'whsec_e2e_subscription_secret';
const CALLBACK_SECRET = 'callback_e2e_secret_0123456789';

interface Received {
  path: string;
  deliveryId: string;
  event: string;
  verified: boolean;
  body: { id: string; event: string; data: { id: string; status: string } };
}

/** A webhook receiver: records every request; `answer` decides each status (null: hold the request, never answer). */
class Receiver {
  readonly requests: Received[] = [];
  /** Delivery ids accepted (answered 2xx) with a valid signature: what a deduplicating receiver acts on. */
  readonly accepted = new Map<string, Received>();
  answer: (request: Received, triesOfThisId: number) => number | null = () => 200;
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const secret = request.url === '/callback' ? CALLBACK_SECRET : SECRET;
      const received: Received = {
        path: request.url ?? '',
        deliveryId: String(request.headers['atropos-delivery-id']),
        event: String(request.headers['atropos-event']),
        verified: verifyWebhookSignature({ body: raw, signature: request.headers['atropos-signature'], secret }),
        body: JSON.parse(raw) as Received['body'],
      };
      this.requests.push(received);
      const tries = this.requests.filter((other) => other.deliveryId === received.deliveryId).length;
      const status = this.answer(received, tries);
      if (status === null) return; // held: the connection stays open until the sender goes away
      if (status < 300 && received.verified && !this.accepted.has(received.deliveryId)) this.accepted.set(received.deliveryId, received);
      response.writeHead(status).end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

interface Delivery {
  id: string;
  webhook_id: string | null;
  event: string;
  status: string;
  subject_id: string;
  attempts: number;
  attempt_log: Array<{ attempt: number; status_code: number | null; latency_ms: number; error: string | null }>;
}

let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;
let worker: AppProcess;
let receiver: Receiver;
let receiverUrl: string;
let env: Record<string, string>;

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the answer's shape; its expects check it
async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function createTask(extra: Record<string, unknown>): Promise<string> {
  const created = await call<{ id: string }>('POST', '/tasks', { task_type: 'default', ...extra });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** The deliveries of the database to subscriptions (not callback_url), by the task they are about. */
async function deliveriesOf(taskId: string): Promise<Delivery[]> {
  const { body } = await call<{ data: Delivery[] }>('GET', '/webhook-deliveries?limit=200');
  return body.data.filter((delivery) => delivery.subject_id === taskId && delivery.webhook_id !== null);
}

beforeAll(async () => {
  receiver = new Receiver();
  receiverUrl = await receiver.listen();
  db = await createTestDatabase();
  queue = createTestQueue();
  env = {
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    ...FAST_SETTINGS,
    TASK_MAX_RETRIES: '0',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_CALLBACK_SECRET: CALLBACK_SECRET,
    WEBHOOK_POLL_INTERVAL_MS: '100',
    WEBHOOK_RETRY_BASE_MS: '200',
    WEBHOOK_TIMEOUT_MS: '2000',
  };
  api = await startApi(env);
  worker = await startWorker(env);
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await api?.process.stop();
  await receiver?.close();
  await queue?.cleanUp();
  await db?.drop();
});

describe('webhooks', () => {
  it('refuses private and loopback destinations not in WEBHOOK_ALLOWED_HOSTS, at subscription and on a callback_url', async () => {
    for (const url of ['http://10.0.0.7/hook', 'http://169.254.169.254/latest', 'http://[::1]:9/hook', 'http://localhost:9/hook']) {
      const refused = await call<{ message: string; details: Array<{ field: string }> }>('POST', '/webhooks', {
        url,
        events: ['task.completed'],
      });
      expect(refused.status).toBe(400);
      expect(refused.body.details[0]!.field).toBe('url');
      expect(refused.body.message).toMatch(/WEBHOOK_ALLOWED_HOSTS/);
    }
    const callback = await call<{ details: Array<{ field: string }> }>('POST', '/tasks', {
      task_type: 'default',
      callback_url: 'http://192.168.1.1/done',
    });
    expect(callback.status).toBe(400);
    expect(callback.body.details[0]!.field).toBe('callback_url');
    const unknownEvent = await call('POST', '/webhooks', { url: `${receiverUrl}/hook`, events: ['task.exploded'] });
    expect(unknownEvent.status).toBe(400);
  });

  it('delivers each event once, verified, through a receiver that fails the first two tries', async () => {
    receiver.answer = (_request, tries) => (tries <= 2 ? 500 : 200);
    const created = await call<{ id: string; secret: string; events: string[] }>('POST', '/webhooks', {
      url: `${receiverUrl}/hook`,
      events: ['task.completed', 'task.failed', 'task.cancelled'],
      filter: { labels: { suite: 'webhooks' } },
      secret: SECRET,
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBe(SECRET);
    // The secret is shown once.
    const listed = await call<{ data: Array<Record<string, unknown>> }>('GET', '/webhooks');
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).not.toHaveProperty('secret');

    const labels = { suite: 'webhooks' };
    const completed = await createTask({
      parameters: { processing_time: 0, message: 'hi' },
      labels,
      callback_url: `${receiverUrl}/callback`,
    });
    const failed = await createTask({ parameters: { processing_time: 0, fail_attempts: 1 }, labels });
    const cancelled = await createTask({ parameters: { processing_time: 0 }, labels, delay_ms: 600_000 });
    const unmatched = await createTask({ parameters: { processing_time: 0 }, labels: { suite: 'other' } });
    expect((await call('POST', `/tasks/${cancelled}/cancel`)).status).toBe(200);

    const expected = new Map([
      [completed, 'task.completed'],
      [failed, 'task.failed'],
      [cancelled, 'task.cancelled'],
    ]);
    // Three subscription deliveries and the completed task's callback.
    await waitFor('four deliveries accepted', () => receiver.accepted.size === 4, { timeoutMs: 60_000 });

    const accepted = [...receiver.accepted.values()];
    expect(accepted.every((received) => received.verified)).toBe(true);
    for (const [taskId, event] of expected) {
      const hooks = accepted.filter((received) => received.path === '/hook' && received.body.data.id === taskId);
      expect(hooks.map((received) => received.event)).toEqual([event]);
      expect(hooks[0]!.body.event).toBe(event);
      expect(hooks[0]!.body.id).toBe(hooks[0]!.deliveryId);
      // Three tries, one id: 500, 500, 200.
      const tries = receiver.requests.filter((received) => received.deliveryId === hooks[0]!.deliveryId);
      expect(tries).toHaveLength(3);
      expect(tries.every((received) => received.verified)).toBe(true);
    }
    const callbacks = accepted.filter((received) => received.path === '/callback');
    expect(callbacks.map((received) => [received.body.data.id, received.event])).toEqual([[completed, 'task.completed']]);
    expect(receiver.requests.some((received) => received.body.data.id === unmatched)).toBe(false);

    // The log: one delivery per event, delivered on its third attempt, each attempt's status code and latency.
    for (const taskId of expected.keys()) {
      const deliveries = (await deliveriesOf(taskId)).filter((delivery) => delivery.event === expected.get(taskId));
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 3 });
      expect(deliveries[0]!.attempt_log.map((attempt) => attempt.status_code)).toEqual([500, 500, 200]);
      expect(deliveries[0]!.attempt_log.every((attempt) => attempt.latency_ms >= 0)).toBe(true);
      expect(deliveries[0]!.attempt_log[0]!.error).toBe('answered 500');
    }
    expect(await deliveriesOf(unmatched)).toHaveLength(0);

    // Redelivery by an operator: the same id again, once more.
    const [delivery] = await deliveriesOf(completed).then((all) => all.filter((one) => one.event === 'task.completed'));
    receiver.answer = () => 200;
    const before = receiver.requests.length;
    const redelivered = await call<Delivery>('POST', `/webhook-deliveries/${delivery!.id}/redeliver`);
    expect(redelivered.status).toBe(202);
    await waitFor('the redelivery', () => receiver.requests.length > before, { timeoutMs: 30_000 });
    expect(receiver.requests.at(-1)!.deliveryId).toBe(delivery!.id);
    expect(receiver.requests.at(-1)!.verified).toBe(true);

    // The test delivery.
    const test = await call<Delivery>('POST', `/webhooks/${created.body.id}/test`);
    expect(test.status).toBe(202);
    await waitFor('the test delivery', () => receiver.accepted.has(test.body.id), { timeoutMs: 30_000 });
    expect(receiver.accepted.get(test.body.id)!.event).toBe('webhook.test');

    // Changes are audited.
    const audit = await call<{ data: Array<{ action: string }> }>('GET', '/audit?limit=100');
    const actions = audit.body.data.map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['webhook.create', 'webhook.redeliver', 'webhook.test']));

    expect((await call('DELETE', `/webhooks/${created.body.id}`)).status).toBe(204);
  }, 120_000);

  it('delivers once through an API killed mid-delivery and started again', async () => {
    const held: string[] = [];
    // The first try is held open (the API dies waiting for it); the next is answered.
    receiver.answer = (request, tries) => {
      if (tries === 1) {
        held.push(request.deliveryId);
        return null;
      }
      return 200;
    };
    const created = await call<{ id: string }>('POST', '/webhooks', {
      url: `${receiverUrl}/hook`,
      events: ['task.completed'],
      filter: { labels: { suite: 'restart' } },
      secret: SECRET,
    });
    expect(created.status).toBe(201);
    const taskId = await createTask({ parameters: { processing_time: 0 }, labels: { suite: 'restart' } });
    await waitFor('the first try to reach the receiver', () => held.length === 1, { timeoutMs: 30_000 });

    await api.process.stop('SIGKILL');
    api = await startApi(env);

    await waitFor('the delivery to be accepted', () => receiver.accepted.has(held[0]!), { timeoutMs: 60_000 });
    const tries = receiver.requests.filter((received) => received.deliveryId === held[0]);
    expect(tries).toHaveLength(2);
    expect(tries.every((received) => received.verified && received.body.data.id === taskId)).toBe(true);
    // Whatever else the receiver got, this task's event came under one id only.
    const ids = new Set(receiver.requests.filter((received) => received.body.data.id === taskId).map((received) => received.deliveryId));
    expect(ids).toEqual(new Set([held[0]]));

    await waitFor('the delivery to be logged as delivered', async () => (await deliveriesOf(taskId))[0]?.status === 'delivered', {
      timeoutMs: 10_000,
    });
    const [delivery] = await deliveriesOf(taskId);
    // The killed attempt left no log (the API died before writing it); the second is logged.
    expect(delivery).toMatchObject({ id: held[0], status: 'delivered', attempts: 2 });
    expect(delivery!.attempt_log.map((attempt) => attempt.status_code)).toEqual([200]);
  }, 120_000);
});
