import { describe, expect, it } from '@jest/globals';
import { toFieldProblems } from './field-problems.js';
import { TASK_STATUSES } from './task-status.js';
import type { TaskEvent, TaskSnapshot, WorkerHeartbeat } from './wire.schemas.js';
import { attemptErrorSchema, taskEventSchema, taskSnapshotSchema, taskStatusSchema, workerHeartbeatSchema } from './wire.schemas.js';

const snapshot: TaskSnapshot = {
  id: '0b0e8a4e-6a43-4c47-9a39-3a3e3f0c8a10',
  task_type: 'default',
  tenant: 'default',
  status: 'processing',
  progress: 40,
  progress_message: 'Waited 2.0 of 5 s',
  attempts: 1,
  max_attempts: 4,
  worker_id: 'host:1',
  updated_at: '2026-11-24T00:00:00.000Z',
};

const fieldsAtFault = (result: { success: boolean; error?: { issues: Parameters<typeof toFieldProblems>[0] } }) =>
  result.success ? [] : toFieldProblems(result.error!.issues).map((problem) => problem.field);

describe('the wire schemas', () => {
  it('take their statuses from TASK_STATUSES', () => {
    expect(taskStatusSchema.options).toEqual([...TASK_STATUSES]);
  });

  it('read back what JSON carried of each event', () => {
    const events: TaskEvent[] = [
      { type: 'task.updated', task: snapshot },
      { type: 'task.deleted', task_id: snapshot.id, tenant: snapshot.tenant },
    ];
    for (const event of events) expect(taskEventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('name each field of a snapshot at fault', () => {
    const bad = { ...snapshot, status: 'done', progress: 101, updated_at: 'yesterday' };
    expect(fieldsAtFault(taskSnapshotSchema.safeParse(bad)).sort()).toEqual(['progress', 'status', 'updated_at']);
    expect(taskEventSchema.safeParse({ type: 'task.updated', task: bad }).success).toBe(false);
    expect(taskEventSchema.safeParse({ type: 'task.moved', task_id: snapshot.id }).success).toBe(false);
  });

  it('describe an attempt error as the tasks table keeps it', () => {
    const error = { attempt: 2, error: 'boom', worker_id: null, failed_at: '2026-11-24T00:00:00.123+00:00' };
    expect(attemptErrorSchema.parse(error)).toEqual(error);
    expect(fieldsAtFault(attemptErrorSchema.safeParse({ ...error, attempt: 1.5 }))).toEqual(['attempt']);
  });

  it('describe a heartbeat as a worker writes it', () => {
    const heartbeat: WorkerHeartbeat = {
      worker_id: 'host:1',
      hostname: 'host',
      pid: 1,
      concurrency: 4,
      started_at: '2026-11-24T00:00:00.000Z',
      seen_at: '2026-11-24T00:00:05.000Z',
      active_task_ids: [snapshot.id],
    };
    expect(workerHeartbeatSchema.parse(heartbeat)).toEqual(heartbeat);
    expect(fieldsAtFault(workerHeartbeatSchema.safeParse({ ...heartbeat, concurrency: 0, active_task_ids: undefined })).sort()).toEqual([
      'active_task_ids',
      'concurrency',
    ]);
  });
});
