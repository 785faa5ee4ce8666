import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { collectPageErrors, screenshot } from './browser.js';
import type { BrowserPlatform } from './platform.js';
import { startBrowserPlatform } from './platform.js';

/**
 * The Webhooks page: the subscriptions, and each delivery with its status, attempts and last
 * answer; Redeliver sends one again (same delivery id) to a receiver on loopback.
 */
let platform: BrowserPlatform;
let receiver: Server;
const received: string[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    received.push(String(request.headers['atropos-delivery-id']));
    request.resume();
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  platform = await startBrowserPlatform({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_POLL_INTERVAL_MS: '200' });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  receiver?.close();
});

async function post(path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${platform.api.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

describe('the Webhooks page', () => {
  it('lists the subscriptions and the deliveries, and redelivers one with the same id', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/atropos`;
    const webhook = await post('/webhooks', { url, events: ['task.completed'] });
    const task = await post('/tasks', { task_type: 'default', parameters: { processing_time: 0 } });
    await waitFor('the delivery of the completed task', () => (received.length === 1 ? true : undefined), { timeoutMs: 30_000 });

    const page = await platform.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${platform.web.baseUrl}/webhooks`);
    await page.locator(`tr[data-webhook="${webhook.id}"]`).getByText(url).waitFor();
    const deliveryId = received[0]!;
    const row = page.locator(`tr[data-delivery="${deliveryId}"]`);
    await row.getByTestId('delivery-status').getByText('delivered').waitFor();
    expect(await row.getByTestId('delivery-attempts').textContent()).toBe('1');
    expect(await row.getByText('204 ·').count()).toBe(1);
    // The delivery names its task, linked.
    expect(await row.getByRole('link', { name: task.id.slice(0, 8) }).getAttribute('href')).toBe(`/tasks/${task.id}`);
    await screenshot(page, 'webhooks-laptop');

    await row.getByRole('button', { name: 'Redeliver' }).click();
    await waitFor('the redelivery', () => (received.length === 2 ? true : undefined), { timeoutMs: 30_000 });
    expect(received[1]).toBe(deliveryId);
    await page.reload();
    await row.getByTestId('delivery-attempts').getByText('2').waitFor();
    expect(errors.filter((error) => !/EventSource|net::ERR_|Failed to load resource/i.test(error))).toEqual([]);
    await page.close();
  }, 90_000);
});
