import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TaskTypeCatalog } from '@atropos/tasks';
import { loadScheduleDefinitions, ScheduleDefinitionError, validateScheduleDefinitions } from './schedule-definitions.js';

const builtIns = new TaskTypeCatalog();
const FILE = 'config/schedules.json';

function errorsOf(json: unknown): string[] {
  try {
    validateScheduleDefinitions(json, FILE, builtIns);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleDefinitionError);
    expect((error as Error).message).toContain(`Invalid schedules in ${FILE}:`);
    return (error as ScheduleDefinitionError).errors;
  }
}

describe('validateScheduleDefinitions', () => {
  it('accepts a valid file and fills in the defaults', () => {
    expect(
      validateScheduleDefinitions({ schedules: [{ name: 'nightly', cron: '0 3 * * *', task_type: 'default' }] }, FILE, builtIns),
    ).toEqual([
      {
        name: 'nightly',
        cron: '0 3 * * *',
        timezone: 'UTC',
        task_type: 'default',
        parameters: {},
        priority: 5,
        overlap: 'skip',
        catch_up: 'none',
        enabled: true,
      },
    ]);
  });

  it('names the schedule and field of every error: cron, zone, type, parameters, duplicates, shape', () => {
    const errors = errorsOf({
      schedules: [
        { name: 'a', cron: '61 * * * *', timezone: 'Mars/Base', task_type: 'default', parameters: { nope: 1 } },
        { name: 'b', cron: '* * * * *', task_type: 'defualt' },
        { name: 'b', cron: '* * * * *', task_type: 'default' },
      ],
    });
    expect(errors).toEqual([
      expect.stringMatching(/^schedule "a", timezone: is not a known IANA time zone/),
      expect.stringMatching(/^schedule "a", cron: is not a valid cron expression/),
      expect.stringMatching(/^schedule "a", parameters\.nope: is not a recognised field/),
      expect.stringMatching(/^schedule "b", task_type: unknown task type "defualt"/),
      'schedule "b": is declared twice; schedule names must be unique',
    ]);
    expect(errorsOf({ schedules: [{ name: 'c', cron: '* * * * *', task_type: 'default', overlap: 'sometimes' }] })).toEqual([
      expect.stringMatching(/^schedule "c", overlap: /),
    ]);
  });

  it('reads no file as no schedules, and names a file that is not JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'schedules-'));
    expect(loadScheduleDefinitions(dir, builtIns)).toEqual([]);
    writeFileSync(path.join(dir, 'schedules.json'), '{ nope');
    expect(() => loadScheduleDefinitions(dir, builtIns)).toThrow(/Invalid schedules in .*schedules\.json:\n {2}- not valid JSON/);
  });
});
