import { describe, expect, it } from '@jest/globals';
import type { TaskEvent } from '@atropos/tasks';
import { lastPositionOfEntry, readLogEntry } from './task-events.js';

const deleted = { type: 'task.deleted', task_id: '0b0e8a4e-6a43-4c47-9a39-3a3e3f0c8a10', tenant: 'acme' } satisfies TaskEvent;
const updated: TaskEvent = {
  type: 'task.updated',
  task: {
    id: deleted.task_id,
    task_type: 'default',
    tenant: 'acme',
    status: 'completed',
    progress: 100,
    progress_message: null,
    attempts: 1,
    max_attempts: 4,
    worker_id: 'w',
    updated_at: '2026-11-24T00:00:00.000Z',
  },
};

describe('readLogEntry', () => {
  it('reads every event of one entry, in order, each with its position', () => {
    expect(readLogEntry(['1700000000000-3', ['n', '2', 'events', JSON.stringify([updated, deleted])]])).toEqual([
      { position: { ms: 1700000000000, seq: 3, index: 0 }, event: updated },
      { position: { ms: 1700000000000, seq: 3, index: 1 }, event: deleted },
    ]);
  });

  it('drops what is not a task event, keeping the others at their index; an entry that is not JSON holds none', () => {
    const halfASnapshot = { type: 'task.updated', task: { id: deleted.task_id, status: 'done' } };
    const entry = readLogEntry(['5-0', ['n', '3', 'events', JSON.stringify([halfASnapshot, null, deleted])]]);
    expect(entry).toEqual([{ position: { ms: 5, seq: 0, index: 2 }, event: deleted }]);
    expect(readLogEntry(['5-0', ['events', 'not json']])).toEqual([]);
    expect(readLogEntry(['5-0', ['events', '{"type":"task.deleted"}']])).toEqual([]);
  });
});

describe('lastPositionOfEntry', () => {
  it("is the entry's last index, from its count alone", () => {
    expect(lastPositionOfEntry(['7-1', ['n', '500', 'events', 'never parsed']])).toEqual({ ms: 7, seq: 1, index: 499 });
    expect(lastPositionOfEntry(['7-1', ['events', '[]']])).toEqual({ ms: 7, seq: 1, index: 0 });
  });
});
