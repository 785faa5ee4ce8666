import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests create their throwaway databases on. */
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  /** A client for asserting on rows directly. */
  query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file, named atropos_test_<random>, dropped afterwards.
 * Left-overs of killed runs are dropped by .ci/run before the tests start.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `atropos_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  // One client, not a pool: client.end() resolves only once the connection is closed, so the
  // DROP … WITH (FORCE) below never terminates a connection of ours that is still closing.
  const client = new pg.Client({ connectionString: url.toString() });
  client.on('error', () => undefined);
  await client.connect();
  return {
    url: url.toString(),
    async query<T extends pg.QueryResultRow>(sql: string, values?: unknown[]) {
      return (await client.query<T>(sql, values)).rows;
    },
    async drop() {
      await client.end();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
