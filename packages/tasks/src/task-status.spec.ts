import { describe, expect, it } from '@jest/globals';
import type { TaskAction, TaskStatus, TaskTransition } from './task-status.js';
import {
  actionsAllowedFrom,
  allows,
  FINAL_STATUSES,
  isFinalStatus,
  statusChanges,
  TASK_ACTIONS,
  TASK_STATUSES,
  TASK_TRANSITIONS,
  UNFINISHED_STATUSES,
} from './task-status.js';

const transitions = Object.entries(TASK_TRANSITIONS) as Array<[TaskAction, TaskTransition]>;

describe('the transition table', () => {
  it('names only known statuses, and every action leads somewhere or deletes', () => {
    for (const [action, { from, to }] of transitions) {
      for (const status of [...from, ...to]) expect(TASK_STATUSES).toContain(status);
      expect(from.length + to.length).toBeGreaterThan(0);
      if (action !== 'create') expect(from.length).toBeGreaterThan(0);
    }
  });

  it('reaches every status from create, and a final status from every status', () => {
    const reachable = new Set<TaskStatus>(TASK_TRANSITIONS.create.to);
    for (let grew = true; grew;) {
      grew = false;
      for (const [, { from, to }] of transitions) {
        if (!from.some((status) => reachable.has(status))) continue;
        for (const status of to) if (!reachable.has(status)) grew = reachable.add(status) !== undefined;
      }
    }
    expect([...reachable].sort()).toEqual([...TASK_STATUSES].sort());
    for (const status of UNFINISHED_STATUSES) {
      const exits = actionsAllowedFrom(status).flatMap((action) => TASK_TRANSITIONS[action].to);
      expect(exits.some((next) => isFinalStatus(next))).toBe(true);
    }
  });

  it('splits the statuses into final and unfinished: a final one moves only by a person (retry) or deletion', () => {
    expect([...FINAL_STATUSES].sort()).toEqual(['cancelled', 'completed', 'failed']);
    expect([...UNFINISHED_STATUSES].sort()).toEqual(['pending', 'processing', 'retrying']);
    for (const status of FINAL_STATUSES) {
      expect(actionsAllowedFrom(status).sort()).toEqual(status === 'completed' ? ['delete', 'expire'] : ['delete', 'expire', 'retry']);
    }
  });

  it('lets a worker write only to a processing task, and every person action from where DESIGN says', () => {
    for (const action of ['progress', 'heartbeat', 'complete', 'fail_and_retry', 'fail_final', 'hand_back'] as const) {
      expect(TASK_TRANSITIONS[action].from).toEqual(['processing']);
    }
    expect(TASK_STATUSES.filter((status) => allows(status, 'cancel'))).toEqual(['pending', 'processing', 'retrying']);
    expect(TASK_STATUSES.filter((status) => allows(status, 'retry'))).toEqual(['failed', 'cancelled']);
    expect(TASK_STATUSES.filter((status) => allows(status, 'delete'))).toEqual(['completed', 'failed', 'cancelled']);
    expect(TASK_ACTIONS).toContain('exhaust');
  });

  it('derives the status changes the database allows, each from an action', () => {
    const changes = statusChanges();
    expect(changes).toContainEqual(['pending', 'processing']);
    expect(changes).toContainEqual(['processing', 'completed']);
    expect(changes).not.toContainEqual(['completed', 'processing']);
    expect(changes).not.toContainEqual(['pending', 'completed']);
    for (const [from, to] of changes) {
      expect(transitions.some(([, t]) => t.from.includes(from as never) && t.to.includes(to as never))).toBe(true);
    }
  });
});
