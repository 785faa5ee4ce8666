import { describe, expect, it } from '@jest/globals';
import { bulkActionBodySchema, bulkSkipReason } from './bulk-actions.js';
import { allows, TASK_STATUSES } from './task-status.js';

describe('bulkSkipReason', () => {
  it('says "already <status>" for a cancel of a final task, and names the statuses the action starts from otherwise', () => {
    expect(bulkSkipReason('cancel', 'completed')).toBe('already completed');
    expect(bulkSkipReason('cancel', 'cancelled')).toBe('already cancelled');
    expect(bulkSkipReason('retry', 'pending')).toBe('pending: only failed, cancelled tasks can be retried');
    expect(bulkSkipReason('delete', 'processing')).toBe('processing: only completed, failed, cancelled tasks can be deleted');
    expect(bulkSkipReason('retry', null)).toBe('no longer exists');
  });

  it.each(TASK_STATUSES)('gives a reason for every status %s the transition table refuses an action', (status) => {
    for (const action of ['cancel', 'retry', 'delete'] as const) {
      if (!allows(status, action)) expect(bulkSkipReason(action, status)).toMatch(/^(already|\w+:)/);
    }
  });
});

describe('bulkActionBodySchema', () => {
  it('defaults the filter to every task and dry_run to false, and refuses an unknown action or key', () => {
    expect(bulkActionBodySchema.parse({ action: 'retry' })).toEqual({ action: 'retry', filter: {}, dry_run: false });
    expect(bulkActionBodySchema.safeParse({ action: 'explode' }).success).toBe(false);
    expect(bulkActionBodySchema.safeParse({ action: 'retry', colour: 'red' }).success).toBe(false);
    expect(bulkActionBodySchema.safeParse({ action: 'retry', ids: ['not-a-uuid'] }).success).toBe(false);
  });
});
