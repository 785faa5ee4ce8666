import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { workerEnv } from './worker.config.js';

/** A file at the repository root, four levels above this one. */
const repoFile = (name: string) => readFileSync(new URL(`../../../../${name}`, import.meta.url), 'utf8');
const variables = Object.keys(workerEnv.shape);

describe('every variable the worker reads is documented', () => {
  it('reads some variables (the schema is the one loadWorkerConfig uses)', () => {
    expect(variables).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'WORKER_CONCURRENCY']));
  });

  it('in .env.example, set or commented out', () => {
    const envExample = repoFile('.env.example');
    expect(variables.filter((name) => !new RegExp(`^#? *${name}=`, 'm').test(envExample))).toEqual([]);
  });

  it("in README's configuration table", () => {
    const configuration = repoFile('README.md').split('\n## Configuration')[1]?.split('\n## ')[0] ?? '';
    expect(variables.filter((name) => !configuration.includes(`\n| \`${name}\` |`))).toEqual([]);
  });

  it('in docker-compose.yml, passed to the containers or said why not', () => {
    const compose = repoFile('docker-compose.yml');
    expect(variables.filter((name) => !new RegExp(`\\b${name}\\b`).test(compose))).toEqual([]);
  });
});
