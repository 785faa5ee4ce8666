import { describe, expect, it } from '@jest/globals';
import { diffParameters } from './parameter-diff';

describe('diffParameters', () => {
  it('lists the keys added, removed and changed, by name, and leaves out the equal ones', () => {
    expect(diffParameters({ a: 1, b: 'x', c: [1, 2], d: { e: 1 } }, { a: 1, b: 'y', c: [1, 2], f: null })).toEqual([
      { key: 'b', kind: 'changed', before: 'x', after: 'y' },
      { key: 'd', kind: 'removed', before: { e: 1 } },
      { key: 'f', kind: 'added', after: null },
    ]);
    expect(diffParameters({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
  });
});
