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
 * Left-overs of crashed runs are swept by `dropStaleTestDatabases`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `atropos_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    url: url.toString(),
    async query(sql, values) {
      return (await pool.query(sql, values)).rows;
    },
    async drop() {
      await pool.end();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Drops test databases older runs left behind (a killed Jest never reaches its afterAll). */
export async function dropStaleTestDatabases(olderThanMs = 60 * 60 * 1000): Promise<void> {
  await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database d
        WHERE datname LIKE 'atropos\\_test\\_%'
          AND (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification < now() - $1 * interval '1 millisecond'`,
      [olderThanMs],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  });
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
