import type { TestDatabase } from '@atropos/testing';
import { createTestDatabase } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

/** What a process using createDataSource prints when a statement fails (the built package, as the apps run it). */
function logOfFailedQuery(url: string, secret: string): Promise<string> {
  const dist = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js')).href;
  const script = `
    const { createDataSource } = await import(${JSON.stringify(dist)});
    const db = await createDataSource({ url: ${JSON.stringify(url)} }).initialize();
    await db.query('SELECT $1::text AS a, $2::jsonb AS b, 1 / 0 AS c', [${JSON.stringify(secret)}, JSON.stringify({ key: ${JSON.stringify(secret)} })]).catch(() => {});
    await db.destroy();`;
  const { NODE_OPTIONS: _vmModules, ...env } = process.env;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--input-type=module', '-e', script], { env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout + stderr),
    ),
  );
}

describe('a failed statement in the log', () => {
  it('names the error and the statement, never the bound parameters', async () => {
    const secret = 'another-clients-secret-4f1c';
    const log = await logOfFailedQuery(db.url, secret);
    expect(log).toContain('query failed: division by zero');
    expect(log).toContain('SELECT $1::text AS a, $2::jsonb AS b, 1 / 0 AS c');
    expect(log).not.toContain(secret);
  });
});
