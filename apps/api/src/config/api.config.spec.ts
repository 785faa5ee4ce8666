import { undocumentedVariables } from '@atropos/testing';
import { describe, expect, it } from '@jest/globals';
import { apiEnv } from './api.config.js';

const variables = Object.keys(apiEnv.shape);
const missing = undocumentedVariables(variables);

describe('every variable the API reads is documented', () => {
  it('reads some variables (the schema is the one loadApiConfig uses)', () => {
    expect(variables).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'PORT']));
  });

  it('in .env.example, set or commented out', () => {
    expect(missing.envExample).toEqual([]);
  });

  it("in README's configuration table", () => {
    expect(missing.readme).toEqual([]);
  });

  it('in docker-compose.yml, passed to the containers or said why not', () => {
    expect(missing.compose).toEqual([]);
  });
});
