import { describe, expect, it } from '@jest/globals';
import { auditedAction, auditedTarget } from './audit-actions.js';

describe('auditedAction', () => {
  it.each([
    ['POST', '/tasks', 'task.create'],
    ['POST', '/tasks/:id/cancel', 'task.cancel'],
    ['DELETE', '/tasks/:id', 'task.delete'],
    ['POST', '/queue/flush', 'queue.flush'],
    ['POST', '/workflow-runs/:id/steps/:step/approve', 'workflow_run.approve'],
    ['DELETE', '/api-keys/:id', 'api_key.revoke'],
  ])('names %s %s %s', (method, route, action) => {
    expect(auditedAction(method, route)).toBe(action);
  });

  it('audits a mutating route it has no name for under its method and route, so none is left out', () => {
    expect(auditedAction('POST', '/something/:id/new')).toBe('POST /something/:id/new');
  });

  it('leaves out reads and the worker protocol', () => {
    expect(auditedAction('GET', '/tasks')).toBeNull();
    expect(auditedAction('HEAD', '/tasks/:id')).toBeNull();
    expect(auditedAction('POST', '/worker/claims')).toBeNull();
    expect(auditedAction('POST', '/worker/tasks/:id/complete')).toBeNull();
  });
});

describe('auditedTarget', () => {
  it('is the id or name, with the step of a step route', () => {
    expect(auditedTarget({ id: 'a1' })).toBe('a1');
    expect(auditedTarget({ name: 'sales-report' })).toBe('sales-report');
    expect(auditedTarget({ id: 'r1', step: 'build' })).toBe('r1/build');
    expect(auditedTarget({})).toBeNull();
  });
});
