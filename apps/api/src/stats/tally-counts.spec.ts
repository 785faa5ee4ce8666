import { TASK_STATUSES } from '@atropos/tasks';
import { describe, expect, it } from '@jest/globals';
import { tallyCounts } from './tally-counts.js';

describe('tallyCounts', () => {
  it('lists every status and every registered type, at 0 when nothing is counted', () => {
    const counts = tallyCounts([], ['default', 'report_generation']);
    expect(counts.total).toBe(0);
    expect(Object.keys(counts.by_status).sort()).toEqual([...TASK_STATUSES].sort());
    expect(Object.values(counts.by_status).every((n) => n === 0)).toBe(true);
    expect(counts.by_type).toEqual({ default: 0, report_generation: 0 });
  });

  it('adds the rows up by status, by type (unregistered types included) and in all, bigint strings included', () => {
    const counts = tallyCounts(
      [
        { task_type: 'default', status: 'pending', count: '3' },
        { task_type: 'default', status: 'completed', count: 5 },
        { task_type: 'legacy_type', status: 'completed', count: '2' },
        // The same (type, status) twice, e.g. from two tenants.
        { task_type: 'default', status: 'pending', count: '1' },
      ],
      ['default', 'report_generation'],
    );
    expect(counts.total).toBe(11);
    expect(counts.by_status).toMatchObject({ pending: 4, completed: 7, failed: 0 });
    expect(counts.by_type).toEqual({ default: 9, report_generation: 0, legacy_type: 2 });
  });
});
