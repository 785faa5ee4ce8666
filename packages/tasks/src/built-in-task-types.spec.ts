import { describe, expect, it } from '@jest/globals';
import type { z } from 'zod';
import type { CatalogCheck, JsonSchemaTarget } from './task-type-catalog.js';
import { TaskTypeCatalog } from './task-type-catalog.js';
import { TASK_TYPES, TASK_TYPE_NAMES } from './task-types.registry.js';
import { VIDEO_RESOLUTIONS } from './task-types/video-processing.task.js';

/** The parameter schemas of the built-in types, through the catalog that API and worker check with. */
const catalog = new TaskTypeCatalog();

/** A check's outcome, without the catalog entry it found. */
function checkTaskParameters(taskType: unknown, parameters?: unknown) {
  const result: CatalogCheck = catalog.check(taskType, parameters);
  return result.ok ? { ok: true as const, taskType: result.taskType, parameters: result.parameters } : result;
}

const parametersJsonSchema = (taskType: string, target?: JsonSchemaTarget) => catalog.jsonSchema(taskType, target) as z.core.JSONSchema.BaseSchema;

const fieldsAtFault = (result: ReturnType<typeof checkTaskParameters>) =>
  result.ok ? [] : result.problems.map((problem) => problem.field);

describe("the built-in types' parameters, checked", () => {
  it.each([
    ['data_processing', { processing_time: 5, fail_attempts: 0, record_count: 1000 }],
    ['report_generation', { processing_time: 5, fail_attempts: 0, title: 'Report', sections: 3, format: 'markdown' }],
    ['video_processing', { processing_time: 5, fail_attempts: 0, duration_s: 10, fps: 30, resolution: '720p' }],
    ['default', { processing_time: 5, fail_attempts: 0 }],
  ])('fills in the defaults of %s', (taskType, defaults) => {
    expect(checkTaskParameters(taskType, {})).toEqual({ ok: true, taskType, parameters: defaults });
    expect(checkTaskParameters(taskType)).toEqual({ ok: true, taskType, parameters: defaults });
  });

  it('keeps the values it is given', () => {
    const result = checkTaskParameters('data_processing', { processing_time: 0, record_count: 10_000_000, seed: 7 });
    expect(result).toEqual({
      ok: true,
      taskType: 'data_processing',
      parameters: { processing_time: 0, fail_attempts: 0, record_count: 10_000_000, seed: 7 },
    });
  });

  it.each(TASK_TYPES.map((definition) => [definition.name, definition.example] as const))(
    'accepts the example of %s',
    (taskType, example) => {
      expect(checkTaskParameters(taskType, example).ok).toBe(true);
    },
  );

  it.each([
    ['data_processing', { record_count: 0 }, 'parameters.record_count'],
    ['data_processing', { record_count: 10_000_001 }, 'parameters.record_count'],
    ['data_processing', { record_count: 1.5 }, 'parameters.record_count'],
    ['data_processing', { seed: -1 }, 'parameters.seed'],
    ['report_generation', { sections: 51 }, 'parameters.sections'],
    ['report_generation', { title: '   ' }, 'parameters.title'],
    ['report_generation', { format: 'pdf' }, 'parameters.format'],
    ['video_processing', { duration_s: 0 }, 'parameters.duration_s'],
    ['video_processing', { fps: 241 }, 'parameters.fps'],
    ['video_processing', { resolution: '4k' }, 'parameters.resolution'],
    ['default', { processing_time: 3601 }, 'parameters.processing_time'],
    ['default', { processing_time: -1 }, 'parameters.processing_time'],
    ['default', { fail_attempts: 101 }, 'parameters.fail_attempts'],
    ['default', { message: 42 }, 'parameters.message'],
  ])('rejects %s with %j, naming %s', (taskType, parameters, field) => {
    expect(fieldsAtFault(checkTaskParameters(taskType, parameters))).toEqual([field]);
  });

  it('names every field at fault at once', () => {
    const result = checkTaskParameters('data_processing', { record_count: 0, processing_time: 'soon' });
    expect(fieldsAtFault(result).sort()).toEqual(['parameters.processing_time', 'parameters.record_count']);
  });

  it('rejects an unknown parameter by name', () => {
    const result = checkTaskParameters('default', { message: 'hi', colour: 'red' });
    expect(result).toEqual({
      ok: false,
      problems: [{ field: 'parameters.colour', message: expect.stringContaining('not a recognised field') }],
    });
  });

  it('rejects parameters that are not an object', () => {
    expect(fieldsAtFault(checkTaskParameters('default', null))).toEqual(['parameters']);
    expect(fieldsAtFault(checkTaskParameters('default', [1]))).toEqual(['parameters']);
  });

  it.each([['image_processing'], [''], [undefined], [42]])(
    'rejects the unknown task type %j, listing the valid ones',
    (taskType) => {
      const result = checkTaskParameters(taskType, {});
      expect(fieldsAtFault(result)).toEqual(['task_type']);
      const message = result.ok ? '' : result.problems[0]!.message;
      for (const name of TASK_TYPE_NAMES) expect(message).toContain(name);
    },
  );
});

describe("the built-in types' parameters, as JSON Schema", () => {
  it.each(TASK_TYPE_NAMES)('describes the common parameters of %s with their defaults and bounds', (taskType) => {
    const schema = parametersJsonSchema(taskType);
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {
        processing_time: { type: 'number', default: 5, minimum: 0, maximum: 3600 },
        fail_attempts: { type: 'integer', default: 0, minimum: 0, maximum: 100 },
      },
    });
    // Everything has a default or is optional, so a client may send {}.
    expect(schema.required ?? []).toEqual([]);
  });

  it('describes the parameters of each type', () => {
    expect(parametersJsonSchema('data_processing').properties).toMatchObject({
      record_count: { type: 'integer', default: 1000, minimum: 1, maximum: 10_000_000 },
      seed: { type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 },
    });
    expect(parametersJsonSchema('report_generation').properties).toMatchObject({
      title: { type: 'string', default: 'Report', minLength: 1, maxLength: 200 },
      sections: { type: 'integer', default: 3, minimum: 1, maximum: 50 },
      format: { type: 'string', default: 'markdown', enum: ['json', 'csv', 'markdown'] },
    });
    expect(parametersJsonSchema('video_processing').properties).toMatchObject({
      duration_s: { type: 'number', default: 10, exclusiveMinimum: 0, maximum: 14_400 },
      fps: { type: 'integer', default: 30, minimum: 1, maximum: 240 },
      resolution: { type: 'string', default: '720p', enum: Object.keys(VIDEO_RESOLUTIONS) },
    });
    expect(parametersJsonSchema('default').properties).toMatchObject({
      message: { type: 'string', maxLength: 10_000 },
    });
  });

  it('gives every property a description, for /docs and the web form', () => {
    for (const taskType of TASK_TYPE_NAMES) {
      for (const property of Object.values(parametersJsonSchema(taskType).properties ?? {})) {
        expect(property).toMatchObject({ description: expect.any(String) });
      }
    }
  });

  it('targets OpenAPI 3.0 when asked', () => {
    const schema = parametersJsonSchema('video_processing', 'openapi-3.0');
    expect(schema.$schema).toBeUndefined();
    expect(schema.properties?.duration_s).toMatchObject({ minimum: 0, exclusiveMinimum: true });
  });
});
