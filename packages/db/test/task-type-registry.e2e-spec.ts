import type { TestDatabase } from '@atropos/testing';
import { createTestDatabase } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { TaskTypeRegistrationInput } from '../src/index.js';
import { createDataSource, runMigrations, schemaFingerprint, TaskTypeRegistry } from '../src/index.js';

/** The registry's statements on the real PostgreSQL: newest registration wins, heartbeats keep workers listed. */
let db: TestDatabase;
let dataSource: DataSource;
let registry: TaskTypeRegistry;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = await createDataSource({ url: db.url, poolSize: 2 }).initialize();
  await runMigrations(dataSource);
  registry = new TaskTypeRegistry(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

function invoiceType(maximum: number): TaskTypeRegistrationInput {
  const parametersSchema = { type: 'object', properties: { pages: { type: 'integer', minimum: 1, maximum } } };
  return {
    name: 'invoice_pdf',
    description: 'Renders an invoice',
    parametersSchema,
    resultSchema: null,
    example: null,
    timeoutS: 600,
    maxRetries: 3,
    fingerprint: schemaFingerprint(parametersSchema, null),
    queue: 'tasks.invoice_pdf',
    pool: 'default',
  };
}

describe('TaskTypeRegistry', () => {
  it('registers a type once per name: the newest registration wins and says whom it replaced', async () => {
    expect(await registry.register('worker-a', [invoiceType(50)], 60_000)).toEqual([]);
    // The same schemas again replace nothing worth reporting.
    expect(await registry.register('worker-b', [invoiceType(50)], 60_000)).toEqual([]);
    const replaced = await registry.register('worker-c', [invoiceType(99)], 60_000);
    expect(replaced).toEqual([{ name: 'invoice_pdf', fingerprint: invoiceType(50).fingerprint, registeredBy: 'worker-b' }]);

    const [registration] = await registry.registrations();
    expect(registration).toMatchObject({ name: 'invoice_pdf', fingerprint: invoiceType(99).fingerprint, registeredBy: 'worker-c' });
    expect(registration!.pool).toBe('default');
    // A registration names its queue (pool); one of a worker older than pools is on the default one.
    await registry.register(
      'worker-pools',
      [
        {
          ...invoiceType(99),
          name: 'video_encode',
          pool: 'video',
          limits: { key: 'customer ${parameters.customer_id}', key_concurrency: 1 },
        },
      ],
      60_000,
    );
    await registry.register('worker-legacy', [{ ...invoiceType(99), name: 'legacy', pool: undefined as unknown as string }], 60_000);
    const pools = Object.fromEntries((await registry.registrations()).map((type) => [type.name, type.pool]));
    expect(pools).toEqual({ invoice_pdf: 'default', legacy: 'default', video_encode: 'video' });
    const encode = (await registry.registrations()).find((type) => type.name === 'video_encode');
    expect(encode?.limits).toEqual({ key: 'customer ${parameters.customer_id}', key_concurrency: 1 });
    await registry.withdraw('worker-pools');
    await registry.withdraw('worker-legacy');
    // Kept as written: the properties in the author's order.
    expect(JSON.stringify(registration!.parametersSchema)).toBe(JSON.stringify(invoiceType(99).parametersSchema));
    const live = await registry.liveWorkers();
    expect(live.map((worker) => [worker.workerId, worker.fingerprint])).toEqual([
      ['worker-a', invoiceType(50).fingerprint],
      ['worker-b', invoiceType(50).fingerprint],
      ['worker-c', invoiceType(99).fingerprint],
    ]);
  });

  it('lists a worker while its heartbeat keeps it alive, drops it when it expires or withdraws, and a beat brings it back', async () => {
    await registry.register('worker-short', [invoiceType(99)], 1_500);
    expect((await registry.liveWorkers()).map((worker) => worker.workerId)).toContain('worker-short');
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect((await registry.liveWorkers()).map((worker) => worker.workerId)).not.toContain('worker-short');

    // A newer registration, then the old worker's heartbeat: it is listed again, and does not take the registration back.
    await registry.register('worker-d', [invoiceType(50)], 60_000);
    await registry.keepAlive(
      'worker-short',
      [{ name: 'invoice_pdf', fingerprint: invoiceType(99).fingerprint, queue: 'tasks.invoice_pdf' }],
      60_000,
    );
    expect((await registry.liveWorkers()).map((worker) => worker.workerId)).toContain('worker-short');
    expect((await registry.registrations())[0]).toMatchObject({ registeredBy: 'worker-d', fingerprint: invoiceType(50).fingerprint });

    await registry.withdraw('worker-short');
    expect((await registry.liveWorkers()).map((worker) => worker.workerId)).not.toContain('worker-short');
  });
});
