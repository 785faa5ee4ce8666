import type { TestDatabase } from '@atropos/testing';
import { createTestDatabase } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createDataSource, withSessionLock } from '../src/index.js';

let db: TestDatabase;
let replicas: DataSource[];

beforeAll(async () => {
  db = await createTestDatabase();
  replicas = await Promise.all([1, 2].map(() => createDataSource({ url: db.url }).initialize()));
});

afterAll(async () => {
  await Promise.all((replicas ?? []).map((replica) => replica.destroy()));
  await db?.drop();
});

describe('withSessionLock', () => {
  it('lets one replica run the job while the other skips it, then frees the lock', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = withSessionLock(replicas[0]!, 42, async () => {
      await held;
      return 'ran';
    });
    // The first has the lock once its query is answered; the second must not get it meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await withSessionLock(replicas[1]!, 42, () => Promise.resolve('also ran'))).toBeNull();
    release();
    expect(await first).toBe('ran');
    expect(await withSessionLock(replicas[1]!, 42, () => Promise.resolve('ran after'))).toBe('ran after');
  });

  it('frees the lock when the job throws', async () => {
    await expect(withSessionLock(replicas[0]!, 43, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withSessionLock(replicas[1]!, 43, () => Promise.resolve('free'))).toBe('free');
  });
});
