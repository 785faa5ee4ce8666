import { describe, expect, it } from '@jest/globals';
import { allowedActions, canCancel, canDelete, canRetry } from './task-actions-allowed.js';
import { TASK_STATUSES } from './task-status.js';

describe('allowedActions', () => {
  it('allows cancel before the end, retry after a failure or a cancel, delete once final', () => {
    expect(Object.fromEntries(TASK_STATUSES.map((status) => [status, allowedActions(status)]))).toEqual({
      pending: ['cancel'],
      processing: ['cancel'],
      retrying: ['cancel'],
      completed: ['delete'],
      failed: ['retry', 'delete'],
      cancelled: ['retry', 'delete'],
    });
  });

  it.each(TASK_STATUSES)('answers canCancel, canRetry and canDelete for %s as allowedActions does', (status) => {
    const allowed = allowedActions(status);
    expect([canCancel(status), canRetry(status), canDelete(status)]).toEqual(
      ['cancel', 'retry', 'delete'].map((action) => allowed.includes(action as never)),
    );
  });
});
