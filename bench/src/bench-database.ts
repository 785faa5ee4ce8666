import { randomBytes } from 'node:crypto';
import { createDataSource, runMigrations } from '@atropos/db';
import pg from 'pg';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * A database of the bench's own, with the real schema (the migrations the API runs), dropped by
 * drop(). Named atropos_bench_<random> rather than by @atropos/testing's createTestDatabase:
 * .ci/run drops every atropos_test_* database when it starts, which would pull the tables from
 * under a bench running while someone else runs CI on the same machine.
 */
export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const name = `atropos_bench_${label}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2, application_name: 'atropos-bench' });
  pool.on('error', () => undefined);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await pool.end().catch(() => undefined);
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  try {
    const dataSource = await createDataSource({ url: url.toString(), poolSize: 2, applicationName: 'atropos-bench' }).initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    name,
    url: url.toString(),
    async query<T extends pg.QueryResultRow>(sql: string, values?: unknown[]) {
      return (await pool.query<T>(sql, values)).rows;
    },
    drop,
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
