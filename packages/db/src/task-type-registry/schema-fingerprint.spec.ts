import { describe, expect, it } from '@jest/globals';
import { schemaFingerprint } from './schema-fingerprint.js';

describe('schemaFingerprint', () => {
  const parameters = { type: 'object', properties: { pages: { type: 'integer', minimum: 1, default: 1 } }, required: [] };

  it('is the same for the same schemas whatever the order of their keys', () => {
    const reordered = { required: [], properties: { pages: { default: 1, minimum: 1, type: 'integer' } }, type: 'object' };
    expect(schemaFingerprint(reordered, null)).toBe(schemaFingerprint(parameters, null));
    expect(schemaFingerprint(parameters, null)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes with any bound, default or result', () => {
    const other = { ...parameters, properties: { pages: { type: 'integer', minimum: 1, default: 2 } } };
    expect(schemaFingerprint(other, null)).not.toBe(schemaFingerprint(parameters, null));
    expect(schemaFingerprint(parameters, { type: 'object' })).not.toBe(schemaFingerprint(parameters, null));
  });
});
