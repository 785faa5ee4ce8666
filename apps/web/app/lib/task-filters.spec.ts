import { describe, expect, it } from '@jest/globals';
import { filterQuery, labelHref, localInputValue, readFilters, tasksHref, toApiQuery, zonedTime } from './task-filters';

describe('the task list filters in the URL', () => {
  it('reads several statuses, times and param filters, and writes them back with the commas readable', () => {
    const filters = readFilters({
      status: ['pending,retrying', 'nonsense'],
      type: 'default',
      created_after: '2026-11-23T10:15:00+01:00',
      'param.seed': '42',
      cursor: 'abc',
    });
    expect(filters).toEqual({
      statuses: ['pending', 'retrying'],
      type: 'default',
      createdAfter: '2026-11-23T10:15:00+01:00',
      createdBefore: undefined,
      json: [['param.seed', '42']],
    });
    expect(tasksHref(filterQuery(filters))).toBe(
      '/tasks?status=pending,retrying&type=default&created_after=2026-11-23T10%3A15%3A00%2B01%3A00&param.seed=42',
    );
    expect(toApiQuery(filters, ['default'], { limit: 25 })).toEqual({
      limit: 25,
      status: 'pending,retrying',
      task_type: 'default',
      created_after: '2026-11-23T10:15:00+01:00',
      'param.seed': '42',
    });
  });

  it('keeps the workflow run of a link from a run page, and sends it to the API', () => {
    const runId = '207c2b55-63db-46b4-85d0-f8406ed30bca';
    const filters = readFilters({ workflow_run_id: runId });
    expect(filters.workflowRunId).toBe(runId);
    expect(tasksHref(filterQuery(filters))).toBe(`/tasks?workflow_run_id=${runId}`);
    expect(toApiQuery(filters, [], { limit: 25 })).toEqual({ limit: 25, workflow_run_id: runId });
  });

  it('reads label filters and a name search, and sends them to the API as they are', () => {
    const filters = readFilters({ 'label.project': 'beta', 'label.customer': '42', name: ' invoice ' });
    expect(filters.json).toEqual([
      ['label.project', 'beta'],
      ['label.customer', '42'],
    ]);
    expect(filters.name).toBe('invoice');
    expect(tasksHref(filterQuery(filters))).toBe('/tasks?name=invoice&label.project=beta&label.customer=42');
    expect(toApiQuery(filters, [], { limit: 25 })).toEqual({ limit: 25, name: 'invoice', 'label.project': 'beta', 'label.customer': '42' });
    expect(labelHref('team/owner', 'a b')).toBe('/tasks?label.team%2Fowner=a+b');
  });

  it("turns a datetime-local value into an ISO time with its zone's offset, and back", () => {
    expect(zonedTime('2026-11-23T10:15', () => 60)).toBe('2026-11-23T10:15:00+01:00');
    expect(zonedTime('2026-11-23T10:15:30', () => -210)).toBe('2026-11-23T10:15:30-03:30');
    expect(zonedTime('', () => 0)).toBeUndefined();
    expect(localInputValue('2026-11-23T10:15:00-03:30')).toBe('2026-11-23T10:15');
    expect(localInputValue(undefined)).toBe('');
  });
});
