import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@atropos/testing';
import type { Task } from './platform.js';
import { Platform } from './platform.js';

/**
 * Traces: the API and a worker export OTLP over HTTP (JSON) to a receiver this test runs; one
 * task's trace holds the client's span, the API's POST /tasks span and the worker's attempt span.
 */

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  scope: string;
  attributes: Record<string, unknown>;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number };
}

/** An OTLP/HTTP JSON receiver: POST /v1/traces, every span kept with its service's name. */
function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close: () => void }> {
  const spans: ReceivedSpan[] = [];
  const attributes = (list: OtlpAttribute[] = []) =>
    Object.fromEntries(list.map(({ key, value }) => [key, value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue]));
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const payload = JSON.parse(body) as {
        resourceSpans: Array<{
          resource: { attributes: OtlpAttribute[] };
          scopeSpans: Array<{
            scope: { name: string };
            spans: Array<Omit<ReceivedSpan, 'service' | 'scope' | 'attributes'> & { attributes: OtlpAttribute[] }>;
          }>;
        }>;
      };
      for (const resource of payload.resourceSpans) {
        const service = String(attributes(resource.resource.attributes)['service.name']);
        for (const scope of resource.scopeSpans) {
          for (const span of scope.spans)
            spans.push({ ...span, service, scope: scope.scope.name, attributes: attributes(span.attributes) });
        }
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, close: () => server.close() }),
    ),
  );
}

let platform: Platform;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
  const otel = {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  platform = await Platform.start(otel);
  await platform.startWorker({ ...otel, LOG_FORMAT: 'json', LOG_LEVEL: 'debug' });
});

afterAll(async () => {
  await platform?.stop();
  receiver?.close();
});

describe('a task traced from the request to its handler', () => {
  it('puts the API span and the attempt span in the trace the client started, and the trace id on the task', async () => {
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const { status, body: task } = await platform.request<Task & { trace_id: string }>(
      'POST',
      '/tasks',
      { task_type: 'default', parameters: { processing_time: 0.2, message: 'traced' } },
      { traceparent: `00-${traceId}-${clientSpanId}-01` },
    );
    expect(status).toBe(201);
    expect(task.trace_id).toBe(traceId);
    await platform.waitForStatus(task.id, ['completed']);

    const attempt = await waitFor('the attempt span', () =>
      receiver.spans.find((span) => span.traceId === traceId && span.name === 'task attempt default'),
    );
    const request = receiver.spans.find((span) => span.traceId === traceId && span.name === 'POST /tasks');
    expect(request).toMatchObject({
      service: 'atropos-api',
      parentSpanId: clientSpanId,
      attributes: expect.objectContaining({ 'http.route': '/tasks' }),
    });
    expect(attempt).toMatchObject({
      service: 'atropos-worker',
      attributes: expect.objectContaining({
        'atropos.task.id': task.id,
        'atropos.task.type': 'default',
        'atropos.task.attempt': expect.anything(),
        'atropos.attempt.outcome': 'completed',
      }),
    });
    // The attempt hangs off the request, through the context queued with the job.
    const byId = new Map(receiver.spans.map((span) => [span.spanId, span]));
    const ancestors: string[] = [];
    for (let span = byId.get(attempt.parentSpanId ?? ''); span; span = byId.get(span.parentSpanId ?? '')) ancestors.push(span.name);
    expect(ancestors).toContain('POST /tasks');
    // PostgreSQL's statements are spans of the same trace, on both sides.
    const sql = receiver.spans.filter((span) => span.traceId === traceId && span.scope.includes('instrumentation-pg'));
    expect(new Set(sql.map((span) => span.service))).toEqual(new Set(['atropos-api', 'atropos-worker']));

    // The worker's log lines about the attempt name the same trace.
    const worker = platform.workers[0]!;
    const lines = worker.log
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.some((line) => line['task_id'] === task.id && line['trace_id'] === traceId)).toBe(true);
  });

  it('starts a trace of its own for a request without traceparent', async () => {
    const task = await platform.createTask('default', { processing_time: 0 });
    expect(task).toMatchObject({ trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    await platform.waitForStatus(task.id, ['completed']);
    await waitFor('the attempt span of the new trace', () =>
      receiver.spans.find(
        (span) => span.traceId === (task as unknown as { trace_id: string }).trace_id && span.name === 'task attempt default',
      ),
    );
  });
});
