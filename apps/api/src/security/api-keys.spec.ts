import { describe, expect, it } from '@jest/globals';
import { findApiKey, parseApiKeys, scopeAllows } from './api-keys.js';

describe('API keys', () => {
  const keys = parseApiKeys(' admin:aaaaaaaaaaaaaaaaaaaa , read:bbbbbbbbbbbbbbbbbbbb');

  it('keeps only hashes, finds the key a request carries and its scope', () => {
    expect(JSON.stringify(keys)).not.toContain('aaaaaaaa');
    expect(findApiKey(keys, 'aaaaaaaaaaaaaaaaaaaa')?.scope).toBe('admin');
    expect(findApiKey(keys, 'bbbbbbbbbbbbbbbbbbbb')?.scope).toBe('read');
    expect(findApiKey(keys, 'aaaaaaaaaaaaaaaaaaab')).toBeUndefined();
    expect(findApiKey(keys, '')).toBeUndefined();
  });

  it('orders scopes read < write < admin', () => {
    expect(scopeAllows('admin', 'write')).toBe(true);
    expect(scopeAllows('write', 'write')).toBe(true);
    expect(scopeAllows('read', 'write')).toBe(false);
    expect(scopeAllows('write', 'admin')).toBe(false);
  });

  it('keeps worker keys to the worker protocol, which admin keys may also use', () => {
    expect(scopeAllows('worker', 'worker')).toBe(true);
    expect(scopeAllows('admin', 'worker')).toBe(true);
    expect(scopeAllows('write', 'worker')).toBe(false);
    for (const needed of ['read', 'write', 'admin'] as const) expect(scopeAllows('worker', needed)).toBe(false);
    expect(findApiKey(parseApiKeys('worker:cccccccccccccccccccc'), 'cccccccccccccccccccc')?.scope).toBe('worker');
  });

  it('keeps metrics apart: a metrics key reads /metrics only, which admin may read too', () => {
    expect(scopeAllows('metrics', 'metrics')).toBe(true);
    expect(scopeAllows('admin', 'metrics')).toBe(true);
    expect(scopeAllows('write', 'metrics')).toBe(false);
    expect(scopeAllows('read', 'metrics')).toBe(false);
    expect(scopeAllows('metrics', 'read')).toBe(false);
    expect(parseApiKeys('metrics:cccccccccccccccccccc')[0]?.scope).toBe('metrics');
  });

  it.each([
    ['owner:aaaaaaaaaaaaaaaaaaaa', 'scope'],
    ['admin', 'scope'],
    ['admin:short', 'at least 16'],
  ])('rejects %s with a message naming what to fix', (value, message) => {
    expect(() => parseApiKeys(value)).toThrow(message);
  });

  it('gives each key its tenant: scope@tenant:key, else default', () => {
    const [plain, tenanted] = parseApiKeys('write:aaaaaaaaaaaaaaaaaaaa,read@acme-2:bbbbbbbbbbbbbbbbbbbb');
    expect(plain).toMatchObject({ scope: 'write', tenant: 'default', name: `env:${plain!.id}` });
    expect(tenanted).toMatchObject({ scope: 'read', tenant: 'acme-2' });
    // A key may hold ':' and '@' itself: only the part before the first ':' is scope and tenant.
    expect(findApiKey(parseApiKeys('admin:key:with@signs-0123'), 'key:with@signs-0123')?.tenant).toBe('default');
    expect(() => parseApiKeys('read@Acme Corp:bbbbbbbbbbbbbbbbbbbb')).toThrow('tenant must be');
  });

  it('treats an empty setting as no keys', () => {
    expect(parseApiKeys('')).toEqual([]);
  });
});
