import { describe, expect, it } from '@jest/globals';
import { roleAllows } from './roles';

describe('roleAllows', () => {
  it('orders the roles viewer < operator < admin', () => {
    expect(roleAllows('viewer', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'operator')).toBe(false);
    expect(roleAllows('operator', 'operator')).toBe(true);
    expect(roleAllows('operator', 'admin')).toBe(false);
    expect(roleAllows('admin', 'operator')).toBe(true);
  });

  it('lets an open Atropos (no one signed in by design) do everything', () => {
    expect(roleAllows(null, 'admin')).toBe(true);
  });
});
