import { describe, expect, it } from '@jest/globals';
import { parseTaskTypesFile } from './config/task-types-file.js';
import type { CatalogCheck } from './task-type-catalog.js';
import { TaskTypeCatalog } from './task-type-catalog.js';
import { TASK_TYPES, TASK_TYPE_NAMES } from './task-types.registry.js';
import { defaultTask } from './task-types/default.task.js';
import { VIDEO_RESOLUTIONS } from './task-types/video-processing.task.js';

const configured = parseTaskTypesFile(
  JSON.stringify([
    {
      name: 'greet',
      description: 'Says hello.',
      parameters: { properties: { who: { type: 'string', maxLength: 20, default: 'world' } } },
      command: '/bin/echo',
      args: ['{who}'],
      timeout_s: 42,
    },
    {
      name: 'count_lines',
      description: 'Counts lines.',
      parameters: { properties: { file: { type: 'string' }, n: { type: 'integer', default: 1 } }, required: ['file'] },
      command: '/usr/bin/wc',
      args: ['{file}', '--lines={n}'],
    },
    {
      name: 'shift',
      description: 'Takes negative numbers.',
      parameters: { properties: { by: { type: 'integer' } }, required: ['by'] },
      command: '/bin/echo',
      args: ['{by}'],
      allow_dash_args: true,
    },
    {
      name: 'word_count',
      description: 'Counts words, in Python.',
      parameters: { properties: { text: { type: 'string', minLength: 1 } }, required: ['text'] },
      worker: 'http',
    },
  ]),
  'task-types.json',
);
const catalog = new TaskTypeCatalog(configured.commands, configured.http);
const builtIns = new TaskTypeCatalog();

const fieldsAtFault = (result: CatalogCheck | ReturnType<TaskTypeCatalog['checkResult']>) =>
  result.ok ? [] : result.problems.map((problem) => problem.field);

describe('TaskTypeCatalog', () => {
  it('lists the built-in types, then the configured ones', () => {
    expect(catalog.names()).toEqual([...TASK_TYPE_NAMES, 'greet', 'count_lines', 'shift', 'word_count']);
    expect(catalog.get('greet')).toMatchObject({ kind: 'command', defaultTimeoutS: 42, example: { who: 'world' } });
    expect(catalog.get('word_count')).toMatchObject({ kind: 'http', defaultTimeoutS: 3_600, example: {} });
    expect(catalog.get('default')).toMatchObject({ kind: 'built_in' });
    expect(catalog.has('greet')).toBe(true);
    expect(catalog.has('nope')).toBe(false);
  });

  it('checks configured types, naming each field at fault', () => {
    expect(catalog.check('greet', {})).toMatchObject({ ok: true, taskType: 'greet', parameters: { who: 'world' } });
    const bad = catalog.check('greet', { who: 'x'.repeat(21), extra: 1 });
    expect(bad.ok ? [] : bad.problems.map((problem) => problem.field)).toEqual(['parameters.who', 'parameters.extra']);
    expect(catalog.check('word_count', { text: 'a b' })).toMatchObject({ ok: true, parameters: { text: 'a b' } });
    const missing = catalog.check('word_count', {});
    expect(missing.ok ? [] : missing.problems.map((problem) => problem.field)).toEqual(['parameters.text']);
    const unknown = catalog.check('nope');
    expect(unknown.ok ? '' : unknown.problems[0]?.message).toContain('greet');
  });

  it('refuses a value that would begin an argument with "-", unless the type allows it', () => {
    const option = catalog.check('count_lines', { file: '--files0-from=/etc/passwd', n: -5 });
    expect(option.ok ? [] : option.problems).toEqual([
      {
        field: 'parameters.file',
        message: `must not start with "-": it begins an argument of count_lines's command, which could take it for an option`,
      },
    ]);
    expect(catalog.check('count_lines', { file: 'notes-1.txt', n: -5 })).toMatchObject({ ok: true });
    expect(catalog.check('greet', { who: '-n' })).toMatchObject({ ok: false });
    expect(catalog.check('shift', { by: -3 })).toMatchObject({ ok: true, parameters: { by: -3 } });
  });
});

describe('TaskTypeCatalog.check on the built-in types', () => {
  it.each([
    ['data_processing', { processing_time: 5, fail_attempts: 0, record_count: 1000 }],
    ['report_generation', { processing_time: 5, fail_attempts: 0, title: 'Report', sections: 3, format: 'markdown' }],
    ['video_processing', { processing_time: 5, fail_attempts: 0, duration_s: 10, fps: 30, resolution: '720p' }],
    ['default', { processing_time: 5, fail_attempts: 0 }],
  ])('fills in the defaults of %s', (taskType, defaults) => {
    const entry = builtIns.get(taskType);
    expect(builtIns.check(taskType, {})).toEqual({ ok: true, taskType, entry, parameters: defaults });
    expect(builtIns.check(taskType)).toEqual({ ok: true, taskType, entry, parameters: defaults });
  });

  it('keeps the values it is given', () => {
    const result = builtIns.check('data_processing', { processing_time: 0, record_count: 10_000_000, seed: 7 });
    expect(result).toMatchObject({
      ok: true,
      taskType: 'data_processing',
      parameters: { processing_time: 0, fail_attempts: 0, record_count: 10_000_000, seed: 7 },
    });
  });

  it.each(TASK_TYPES.map((definition) => [definition.name, definition.example] as const))(
    'accepts the example of %s',
    (taskType, example) => {
      expect(builtIns.check(taskType, example).ok).toBe(true);
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
    expect(fieldsAtFault(builtIns.check(taskType, parameters))).toEqual([field]);
  });

  it('names every field at fault at once', () => {
    const result = builtIns.check('data_processing', { record_count: 0, processing_time: 'soon' });
    expect(fieldsAtFault(result).sort()).toEqual(['parameters.processing_time', 'parameters.record_count']);
  });

  it('rejects an unknown parameter by name', () => {
    const result = builtIns.check('default', { message: 'hi', colour: 'red' });
    expect(result).toEqual({
      ok: false,
      problems: [{ field: 'parameters.colour', message: expect.stringContaining('not a recognised field') }],
    });
  });

  it('rejects parameters that are not an object', () => {
    expect(fieldsAtFault(builtIns.check('default', null))).toEqual(['parameters']);
    expect(fieldsAtFault(builtIns.check('default', [1]))).toEqual(['parameters']);
  });

  it.each([['image_processing'], [''], [undefined], [42]])('rejects the unknown task type %j, listing the valid ones', (taskType) => {
    const result = builtIns.check(taskType, {});
    expect(fieldsAtFault(result)).toEqual(['task_type']);
    const message = result.ok ? '' : result.problems[0]!.message;
    for (const name of TASK_TYPE_NAMES) expect(message).toContain(name);
  });
});

describe('TaskTypeCatalog.jsonSchema', () => {
  it.each(TASK_TYPE_NAMES)('describes the common parameters of %s with their defaults and bounds', (taskType) => {
    const schema = builtIns.jsonSchema(taskType);
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
    expect(builtIns.jsonSchema('data_processing').properties).toMatchObject({
      record_count: { type: 'integer', default: 1000, minimum: 1, maximum: 10_000_000 },
      seed: { type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 },
    });
    expect(builtIns.jsonSchema('report_generation').properties).toMatchObject({
      title: { type: 'string', default: 'Report', minLength: 1, maxLength: 200 },
      sections: { type: 'integer', default: 3, minimum: 1, maximum: 50 },
      format: { type: 'string', default: 'markdown', enum: ['json', 'csv', 'markdown'] },
    });
    expect(builtIns.jsonSchema('video_processing').properties).toMatchObject({
      duration_s: { type: 'number', default: 10, exclusiveMinimum: 0, maximum: 14_400 },
      fps: { type: 'integer', default: 30, minimum: 1, maximum: 240 },
      resolution: { type: 'string', default: '720p', enum: Object.keys(VIDEO_RESOLUTIONS) },
    });
    expect(builtIns.jsonSchema('default').properties).toMatchObject({
      message: { type: 'string', maxLength: 10_000 },
    });
  });

  it('gives every property a description, for /docs and the web form', () => {
    for (const taskType of TASK_TYPE_NAMES) {
      for (const property of Object.values((builtIns.jsonSchema(taskType).properties as object | undefined) ?? {})) {
        expect(property).toMatchObject({ description: expect.any(String) });
      }
    }
  });

  it('targets OpenAPI 3.0 when asked', () => {
    const schema = builtIns.jsonSchema('video_processing', 'openapi-3.0');
    expect(schema.$schema).toBeUndefined();
    expect((schema.properties as Record<string, unknown>).duration_s).toMatchObject({ minimum: 0, exclusiveMinimum: true });
  });

  it('describes the parameters of configured types too', () => {
    expect(catalog.jsonSchema('greet')).toMatchObject({ properties: { who: { type: 'string', maxLength: 20, default: 'world' } } });
    expect(() => catalog.jsonSchema('nope')).toThrow('unknown task type "nope"');
  });
});

describe('result schemas', () => {
  const dataResult = {
    record_count: 2,
    seed: 42,
    aggregates: { count: 2, sum: 10, mean: 5, min: 4, max: 6, std_dev: 1 },
    histogram: { bucket_width: 100, buckets: [{ from: 0, to: 100, count: 2 }] },
  };

  it('accepts a result of the declared shape', () => {
    expect(builtIns.checkResult('data_processing', dataResult)).toEqual({ ok: true, result: dataResult });
    expect(builtIns.checkResult('default', { message: null })).toEqual({ ok: true, result: { message: null } });
  });

  it('names each field of a result at fault, under `result`', () => {
    const bad = { ...dataResult, aggregates: { ...dataResult.aggregates, mean: 'five' }, colour: 'red' };
    expect(fieldsAtFault(builtIns.checkResult('data_processing', bad)).sort()).toEqual(['result.aggregates.mean', 'result.colour']);
    expect(fieldsAtFault(builtIns.checkResult('default', {}))).toEqual(['result.message']);
    expect(fieldsAtFault(builtIns.checkResult('default', 'hello'))).toEqual(['result']);
  });

  it('refuses what JSON cannot hold: NaN and Infinity would be stored as null', () => {
    const nan = { ...dataResult, aggregates: { ...dataResult.aggregates, std_dev: Number.NaN, max: Infinity } };
    expect(fieldsAtFault(builtIns.checkResult('data_processing', nan)).sort()).toEqual([
      'result.aggregates.max',
      'result.aggregates.std_dev',
    ]);
  });

  it('accepts any result of a type that declares no result schema', () => {
    const { result: _result, ...withoutResult } = defaultTask;
    const lenient = new TaskTypeCatalog([], [], [withoutResult]);
    expect(lenient.checkResult('default', [1, 'two'])).toEqual({ ok: true, result: [1, 'two'] });
    expect(lenient.resultJsonSchema('default')).toBeNull();
    // A type served over HTTP declares none either: its result is what its worker reports.
    expect(catalog.checkResult('word_count', { words: 2 })).toEqual({ ok: true, result: { words: 2 } });
    expect(catalog.resultJsonSchema('word_count')).toBeNull();
  });

  it('gives every command type the shape of a command result', () => {
    const result = { exit_code: 0, stdout: 'hi\n', stderr: '', truncated: { stdout: false, stderr: false }, duration_ms: 3, artifacts: [] };
    expect(catalog.checkResult('greet', result)).toEqual({ ok: true, result });
    expect(fieldsAtFault(catalog.checkResult('greet', { ...result, duration_ms: -1 }))).toEqual(['result.duration_ms']);
  });

  it.each([...TASK_TYPE_NAMES, 'greet'])(
    'publishes the result of %s as JSON Schema, every field required and described where it needs it',
    (name) => {
      const schema = catalog.resultJsonSchema(name);
      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        additionalProperties: false,
      });
      expect([...((schema?.required as string[]) ?? [])].sort()).toEqual(Object.keys(schema?.properties as object).sort());
    },
  );

  it('publishes the bounds and enums of each result', () => {
    expect(builtIns.resultJsonSchema('report_generation')?.properties).toMatchObject({
      format: { enum: ['json', 'csv', 'markdown'] },
      checksum: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
    });
    expect(builtIns.resultJsonSchema('video_processing')?.properties).toMatchObject({
      output: { properties: { resolution: { enum: Object.keys(VIDEO_RESOLUTIONS) }, average_luma: { minimum: 0, maximum: 255 } } },
    });
    expect(builtIns.resultJsonSchema('default')).toMatchObject({ properties: { message: { type: ['string', 'null'] } } });
  });
});
