import { describe, expect, it } from '@jest/globals';
import { workerProcessEnv } from './worker-process-env.js';

describe('workerProcessEnv', () => {
  it('gives each worker process its own metrics port, counting up from METRICS_PORT', () => {
    const env = { METRICS_PORT: '9464', REDIS_URL: 'redis://r' };
    expect([0, 1, 2].map((index) => workerProcessEnv(env, index)['METRICS_PORT'])).toEqual(['9464', '9465', '9466']);
    expect(workerProcessEnv(env, 1)['REDIS_URL']).toBe('redis://r');
  });

  it('leaves METRICS_PORT alone when it is unset or 0 (a free port each)', () => {
    expect(workerProcessEnv({}, 1)['METRICS_PORT']).toBeUndefined();
    expect(workerProcessEnv({ METRICS_PORT: '0' }, 1)['METRICS_PORT']).toBe('0');
  });

  it('numbers the processes and names them after a WORKER_ID given to the command', () => {
    expect(workerProcessEnv({ WORKER_ID: 'box' }, 1)).toMatchObject({ WORKER_ID: 'box-2', ATROPOS_WORKER_PROCESS: '2' });
    expect(workerProcessEnv({}, 0)['WORKER_ID']).toBeUndefined();
  });
});
