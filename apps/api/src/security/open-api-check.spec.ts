import { describe, expect, it } from '@jest/globals';
import { isLoopback, openApiRefusal } from './open-api-check.js';

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])('%s is', (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '10.0.0.5', '192.168.1.1', 'api.example.com', '::ffff:10.0.0.1', '128.0.0.1', '::2'])('%s is not', (host) => {
    expect(isLoopback(host)).toBe(false);
  });
});

describe('openApiRefusal', () => {
  it('lets an API without keys listen on loopback', () => {
    expect(openApiRefusal({ host: '127.0.0.1', allowOpenApi: false }, false)).toBeNull();
  });

  it('refuses one without keys on every interface, in one line that says what to do', () => {
    const refusal = openApiRefusal({ host: '0.0.0.0', allowOpenApi: false }, false);
    expect(refusal).toContain('HOST=0.0.0.0');
    expect(refusal).toContain('API_KEYS');
    expect(refusal).toContain('ALLOW_OPEN_API=true');
    expect(refusal).not.toContain('\n');
  });

  it('starts with keys, or when the operator allows an open API', () => {
    expect(openApiRefusal({ host: '0.0.0.0', allowOpenApi: false }, true)).toBeNull();
    expect(openApiRefusal({ host: '0.0.0.0', allowOpenApi: true }, false)).toBeNull();
  });

  it('judges a container by the address its port is published on, not its own 0.0.0.0', () => {
    expect(openApiRefusal({ host: '0.0.0.0', publishedAddress: '127.0.0.1', allowOpenApi: false }, false)).toBeNull();
    expect(openApiRefusal({ host: '0.0.0.0', publishedAddress: '0.0.0.0', allowOpenApi: false }, false)).toContain(
      'PUBLISHED_ADDRESS=0.0.0.0',
    );
  });
});
