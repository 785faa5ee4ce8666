import { describe, expect, it } from '@jest/globals';
import { storableJson, storableText, UnstorableValueError } from './storable.js';

describe('storable', () => {
  it('replaces NUL and lone surrogates in text, keeping valid pairs', () => {
    expect(storableText('a\u0000b')).toBe('a\ufffdb');
    expect(storableText('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(storableText('emoji \ud83d\ude00 ok')).toBe('emoji \ud83d\ude00 ok');
  });

  it('makes JSON storable in values and keys alike', () => {
    const json = storableJson({ 'k\u0000': ['v\u0000', '\ud800', '\ud83d\ude00'] });
    expect(json).not.toMatch(/\\u0000|\\ud800/);
    expect(JSON.parse(json)).toEqual({ 'k\ufffd': ['v\ufffd', '\ufffd', '\ud83d\ude00'] });
    expect(storableJson(undefined)).toBe('null');
  });

  it('refuses what cannot become JSON with an error that says so', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => storableJson(cycle)).toThrow(UnstorableValueError);
    expect(() => storableJson({ n: 1n })).toThrow(/cannot be stored as JSON/);
  });
});
