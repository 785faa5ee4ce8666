import type { TestDatabase } from '@atropos/testing';
import { createTestDatabase } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ReadCollapser } from '../src/index.js';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  // One connection, so that reads queue behind each other as they do under load.
  pool = new pg.Pool({ connectionString: db.url, max: 1 });
  await pool.query('CREATE SEQUENCE reads');
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const SQL = "SELECT nextval('reads')::int AS n";
const next = (collapser: ReadCollapser, key = SQL) =>
  collapser.read(key, async (client) => (await client.query<{ n: number }>(SQL)).rows[0]!.n);

describe('ReadCollapser', () => {
  it('sends identical reads that wait for a connection once, and each gets the answer', async () => {
    const collapser = new ReadCollapser(pool);
    const busy = await pool.connect();
    const reads = [next(collapser), next(collapser), next(collapser)];
    const other = next(collapser, 'another key');
    busy.release();
    const [a, b, c] = await Promise.all(reads);
    expect(b).toBe(a);
    expect(c).toBe(a);
    // A different key is a statement of its own.
    expect(await other).toBe(a! + 1);
  });

  it('sends identical reads asked in the same event-loop turn once, even with a connection free', async () => {
    const collapser = new ReadCollapser(pool);
    const [a, b] = await Promise.all([next(collapser), next(collapser)]);
    expect(b).toBe(a);
    expect(await next(collapser)).toBe(a + 1);
  });

  it('never joins a read already sent: a later read sees what was written meanwhile', async () => {
    const collapser = new ReadCollapser(pool);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = collapser.read(SQL, async (client) => {
      const n = (await client.query<{ n: number }>(SQL)).rows[0]!.n;
      await held;
      return n;
    });
    // The first read has its connection (its statement ran); the second asks afterwards.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = next(collapser);
    release();
    expect(await second).toBe((await first) + 1);
  });

  it('gives every joined read the error, frees the key, and drops the failed connection', async () => {
    const collapser = new ReadCollapser(pool);
    const busy = await pool.connect();
    const failing = () => collapser.read('bad', (client) => client.query('SELECT no_such_column FROM pg_class'));
    const reads = [failing(), failing()];
    busy.release();
    for (const read of reads) await expect(read).rejects.toThrow('no_such_column');
    expect(await next(collapser)).toBeGreaterThan(0);
  });
});
