import { describeEnv } from '@atropos/config';
import { undocumentedVariables } from '@atropos/testing';
import { describe, expect, it } from '@jest/globals';
import { apiEnv, loadApiConfig } from './api.config.js';

const variables = describeEnv(apiEnv).map(({ name }) => name);
const documentation = undocumentedVariables(apiEnv);

describe('every variable the API reads is documented', () => {
  it('reads some variables (the declarations are the ones loadApiConfig uses)', () => {
    expect(variables).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'PORT']));
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

describe('loadApiConfig', () => {
  it('gives every setting its default when nothing is set', () => {
    expect(loadApiConfig({})).toMatchObject({
      port: 8000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/atropos',
      queuePrefix: 'atropos',
      maxRetries: 3,
      idempotencyKeyTtlMs: 24 * 3_600_000,
      apiKeys: [],
      corsOrigins: [],
    });
  });

  it('converts what it reads into the form the code uses', () => {
    const config = loadApiConfig({
      IDEMPOTENCY_KEY_TTL_HOURS: '0.5',
      API_KEYS: 'read:aaaaaaaaaaaaaaaa',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      CONFIG_DIR: '/srv/atropos',
    });
    expect(config).toMatchObject({
      idempotencyKeyTtlMs: 1_800_000,
      apiKeys: [{ scope: 'read' }],
      corsOrigins: ['https://a.example', 'https://b.example'],
      configDir: '/srv/atropos',
    });
  });

  it('refuses bad values with one line naming each variable and what to fix', () => {
    expect(() => loadApiConfig({ TASK_MAX_RETRIES: '-1', API_KEYS: 'root:aaaaaaaaaaaaaaaa', CORS_ORIGINS: 'nope' })).toThrow(
      'Invalid API configuration: TASK_MAX_RETRIES: Too small: expected number to be >=0; ' +
        'API_KEYS: entry 1 must be <scope>:<key> or <scope>@<tenant>:<key> with scope read, write, admin, worker, metrics; ' +
        'CORS_ORIGINS.0: must be a comma-separated list of origins, e.g. https://tasks.example.com',
    );
  });
});
