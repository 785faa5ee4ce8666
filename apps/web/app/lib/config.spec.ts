import { undocumentedVariables } from '@atropos/testing';
import { describe, expect, it } from '@jest/globals';
import { loadWebConfig, webEnv } from './config';

describe('every variable the web server reads is documented', () => {
  const documentation = undocumentedVariables(webEnv);

  it('in .env.example, set or commented out', () => {
    expect(documentation.envExample).toEqual([]);
  });

  it("in README's configuration table", () => {
    expect(documentation.readme).toEqual([]);
  });

  it('in docker-compose.yml', () => {
    expect(documentation.compose).toEqual([]);
  });

  it('with the default .env.example and README state', () => {
    expect(documentation.defaults).toEqual([]);
  });
});

describe('loadWebConfig', () => {
  it('reaches the API on this machine, with no key, when nothing is set (or set empty)', () => {
    const expected = { apiUrl: 'http://127.0.0.1:8000', apiKey: undefined, signIn: false };
    expect(loadWebConfig({})).toEqual(expected);
    expect(loadWebConfig({ API_URL: ' ', API_KEY: '' })).toEqual(expected);
  });

  it('drops the trailing slash of API_URL and the spaces around API_KEY', () => {
    expect(loadWebConfig({ API_URL: 'http://api:8000/', API_KEY: ' admin-key-0123456789 ' })).toEqual({
      apiUrl: 'http://api:8000',
      apiKey: 'admin-key-0123456789',
      signIn: false,
    });
  });

  it('asks people to sign in with WEB_SIGN_IN=true', () => {
    expect(loadWebConfig({ WEB_SIGN_IN: 'true' }).signIn).toBe(true);
    expect(() => loadWebConfig({ WEB_SIGN_IN: 'yes' })).toThrow('WEB_SIGN_IN: must be true or false');
  });

  it('refuses an API_URL that is not an http(s) address, saying what to write', () => {
    const message = 'Invalid web configuration: API_URL: must be an http(s) address such as http://127.0.0.1:8000';
    expect(() => loadWebConfig({ API_URL: 'api:8000' })).toThrow(message);
    expect(() => loadWebConfig({ API_URL: 'ftp://api' })).toThrow(message);
  });
});
