import { describe, expect, it } from '@jest/globals';
import type { TaskView } from './task.schemas.js';
import { csvHeader, exportLine } from './task-export-format.js';

const task: TaskView = {
  id: '0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21',
  task_type: 'default',
  status: 'failed',
  progress: 40,
  progress_message: null,
  attempts: 2,
  max_attempts: 4,
  created_at: '2026-11-30T10:00:00.000Z',
  updated_at: '2026-11-30T10:00:05.000Z',
  started_at: '2026-11-30T10:00:01.000Z',
  completed_at: null,
  parameters: { message: 'a, "quoted"\nline' },
  priority: 5,
  name: '=HYPERLINK("http://evil")',
  concurrency: null,
  labels: { project: 'beta' },
  result: null,
  error: 'boom, "twice"',
  attempt_errors: [],
  worker_id: null,
  scheduled_for: null,
  timeout_s: 60,
  workflow_run_id: null,
  workflow_step: null,
  trace_id: null,
  tenant: 'default',
};

describe('export lines', () => {
  it('writes CSV as RFC 4180 says, JSON fields as JSON text, and defuses formulas in free text', () => {
    const header = csvHeader().trimEnd().split(',');
    expect(header.slice(0, 4)).toEqual(['id', 'name', 'task_type', 'status']);
    const line = exportLine('csv', task);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line).toBe(
      '0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21,"\'=HYPERLINK(""http://evil"")",default,failed,"{""project"":""beta""}",5,40,2,4,' +
        '2026-11-30T10:00:00.000Z,2026-11-30T10:00:01.000Z,,"boom, ""twice""",,,,default,' +
        '"{""message"":""a, \\""quoted\\""\\nline""}",\r\n',
    );
  });

  it('writes JSON lines as the API shows the task, one per line', () => {
    const line = exportLine('jsonl', task);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(task);
  });
});
