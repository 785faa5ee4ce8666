import { createHmac } from 'node:crypto';

/**
 * The `Atropos-Signature` header of a delivery: `t=<unix seconds>,v1=<hex>`, where v1 is the
 * HMAC-SHA256, keyed by the subscription's secret, of `<t>.<body>`. Signing the time with the body
 * lets a receiver refuse an old delivery replayed by someone who captured it (verifyWebhookSignature
 * in @atropos/client allows 5 minutes); `v1` names the scheme, so another can be added beside it.
 */
export function signatureHeader(secret: string, body: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
