import os from 'node:os';
import { describeEnv } from '@atropos/config';
import { undocumentedVariables } from '@atropos/testing';
import { describe, expect, it } from '@jest/globals';
import { loadWorkerConfig, workerEnv } from './worker.config.js';

const variables = describeEnv(workerEnv).map(({ name }) => name);
const documentation = undocumentedVariables(workerEnv);

describe('every variable the worker reads is documented', () => {
  it('reads some variables (the declarations are the ones loadWorkerConfig uses)', () => {
    expect(variables).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'WORKER_CONCURRENCY']));
  });

  it('in .env.example, set or commented out', () => {
    expect(documentation.envExample).toEqual([]);
  });

  it("in README's configuration table", () => {
    expect(documentation.readme).toEqual([]);
  });

  it('in docker-compose.yml, passed to the containers or said why not', () => {
    expect(documentation.compose).toEqual([]);
  });

  it('with the default .env.example and README state', () => {
    expect(documentation.defaults).toEqual([]);
  });
});

describe('loadWorkerConfig', () => {
  it('gives every setting its default when nothing is set, the worker id from host and pid', () => {
    const env = {};
    expect(loadWorkerConfig(env)).toMatchObject({
      concurrency: 4,
      workerId: `${os.hostname()}:${process.pid}`,
      redisUrl: 'redis://127.0.0.1:6379',
      artifactMaxBytes: 10 * 1024 * 1024,
      processes: 1,
      environment: env,
    });
  });

  it('refuses bad values with one line naming each variable and what to fix', () => {
    expect(() => loadWorkerConfig({ WORKER_CONCURRENCY: 'many', REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(
      'Invalid worker configuration: REDIS_URL: must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379; ' +
        'WORKER_CONCURRENCY: Invalid input: expected number, received NaN',
    );
  });
});
