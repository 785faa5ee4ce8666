import { describe, expect, it } from '@jest/globals';
import { parseTaskTypesFile } from './config/task-types-file.js';
import { checkTaskParameters, parametersJsonSchema } from './task-parameters.js';
import { TaskTypeCatalog } from './task-type-catalog.js';
import { TASK_TYPE_NAMES } from './task-types.registry.js';

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
      name: 'word_count',
      description: 'Counts words, in Python.',
      parameters: { properties: { text: { type: 'string', minLength: 1 } }, required: ['text'] },
      worker: 'http',
    },
  ]),
  'task-types.json',
);
const catalog = new TaskTypeCatalog(configured.commands, configured.http);

describe('TaskTypeCatalog', () => {
  it('lists the built-in types, then the configured ones', () => {
    expect(catalog.names()).toEqual([...TASK_TYPE_NAMES, 'greet', 'word_count']);
    expect(catalog.get('greet')).toMatchObject({ kind: 'command', defaultTimeoutS: 42, example: { who: 'world' } });
    expect(catalog.get('word_count')).toMatchObject({ kind: 'http', defaultTimeoutS: 3_600, example: {} });
    expect(catalog.get('default')).toMatchObject({ kind: 'built_in' });
    expect(catalog.has('greet')).toBe(true);
    expect(catalog.has('nope')).toBe(false);
  });

  it('checks built-in types exactly as checkTaskParameters does', () => {
    for (const [type, parameters] of [
      ['default', { message: 'hi' }],
      ['data_processing', { record_count: 0 }],
    ] as const) {
      const { entry: _entry, ...result } = { entry: undefined, ...catalog.check(type, parameters) };
      expect(result).toEqual(checkTaskParameters(type, parameters));
    }
    expect(catalog.jsonSchema('default')).toEqual(parametersJsonSchema('default'));
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
});
