import { describe, expect, it } from '@jest/globals';
import { REPORT_FORMATS, TASK_TYPES, TaskTypeCatalog, VIDEO_RESOLUTIONS } from '@atropos/tasks';
import { fakeContext } from '@atropos/worker/testing';
import { taskHandlers } from './task-handlers.js';

const catalog = new TaskTypeCatalog();

/** Runs a built-in type's handler on parameters as the runner would pass them: validated, defaults filled in. */
async function run(taskType: string, parameters: Record<string, unknown>): Promise<unknown> {
  const check = catalog.check(taskType, { ...parameters, processing_time: 0 });
  if (!check.ok) throw new Error(JSON.stringify(check.problems));
  const handler = taskHandlers[taskType as keyof typeof taskHandlers] as (parameters: unknown, context: unknown) => Promise<unknown>;
  return handler(check.parameters, fakeContext().context);
}

describe('the built-in handlers and their result schemas', () => {
  it.each([
    ...TASK_TYPES.map((definition) => [definition.name, definition.example] as const),
    ['data_processing', { record_count: 1 }],
    ...REPORT_FORMATS.map((format) => ['report_generation', { format, title: 'Ünïcode, "quoted" | piped' }] as const),
    ...Object.keys(VIDEO_RESOLUTIONS).map((resolution) => ['video_processing', { resolution, duration_s: 0.01, fps: 1 }] as const),
    ['default', {}],
  ])('%s with %j returns a result its schema accepts', async (taskType, parameters) => {
    const result = await run(taskType, parameters);
    expect(catalog.checkResult(taskType, result)).toEqual({ ok: true, result });
    // What PostgreSQL stores is the JSON of it: the same value once read back.
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
