import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { parseWebhook, verifyWebhookSignature } from './webhooks.js';

const secret = 'whsec_test_secret_0123456789';
const body = JSON.stringify({
  id: '5f0c6f1e-0000-4000-8000-000000000001',
  event: 'task.completed',
  created_at: '2026-12-01T00:00:00.000Z',
  data: {},
});
const now = new Date('2026-12-01T00:00:10Z');
const t = Math.floor(now.getTime() / 1000) - 10;

function sign(at: number, payload: string, key = secret): string {
  return `t=${at},v1=${createHmac('sha256', key).update(`${at}.${payload}`).digest('hex')}`;
}

describe('verifyWebhookSignature', () => {
  it('accepts the signature of the body under the secret', () => {
    expect(verifyWebhookSignature({ body, signature: sign(t, body), secret, now })).toBe(true);
    expect(verifyWebhookSignature({ body: Buffer.from(body), signature: sign(t, body), secret, now })).toBe(true);
    expect(parseWebhook({ body, signature: sign(t, body), secret, now }).event).toBe('task.completed');
  });

  it('refuses another secret, an altered body, an old timestamp and a malformed header', () => {
    expect(verifyWebhookSignature({ body, signature: sign(t, body, 'another_secret_0123456'), secret, now })).toBe(false);
    expect(verifyWebhookSignature({ body: body.replace('completed', 'failed'), signature: sign(t, body), secret, now })).toBe(false);
    expect(verifyWebhookSignature({ body, signature: sign(t - 600, body), secret, now })).toBe(false);
    expect(verifyWebhookSignature({ body, signature: 'v1=abc', secret, now })).toBe(false);
    expect(verifyWebhookSignature({ body, signature: undefined, secret, now })).toBe(false);
    expect(() => parseWebhook({ body, signature: sign(t, body, 'another_secret_0123456'), secret, now })).toThrow(
      /Invalid webhook signature/,
    );
  });

  it('accepts any of several v1 signatures', () => {
    const header = `${sign(t, body, 'old_secret_0123456789')},v1=${sign(t, body).split('v1=')[1]!}`;
    expect(verifyWebhookSignature({ body, signature: header, secret, now })).toBe(true);
  });
});
