import { describe, expect, it } from '@jest/globals';
import type { TaskEvent } from '@atropos/tasks';
import { parseTaskEvents } from './task-events.js';

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

describe('parseTaskEvents', () => {
  it('reads every event of one message, in order', () => {
    expect(parseTaskEvents(JSON.stringify([updated, deleted]))).toEqual([updated, deleted]);
  });

  it('reads a lone event object as one event', () => {
    expect(parseTaskEvents(JSON.stringify(deleted))).toEqual([deleted]);
  });

  it('drops what is not a task event, and a message that is not JSON', () => {
    expect(parseTaskEvents(JSON.stringify([{ type: 'other' }, null, 3, deleted]))).toEqual([deleted]);
    const halfASnapshot = { type: 'task.updated', task: { id: deleted.task_id, status: 'done' } };
    expect(parseTaskEvents(JSON.stringify([halfASnapshot, updated]))).toEqual([updated]);
    expect(parseTaskEvents('not json')).toEqual([]);
  });
});
