import { describe, expect, it } from '@jest/globals';
import { unstorableTextProblem, unstorableTextProblems } from './storable-text.js';

describe('unstorableTextProblem', () => {
  it.each(['', 'plain', 'emoji 💥 and 中文', '\ud83d\udca5', 'tab\tnew\nline', '\u0001\u001f\u007f', '\ufffd'])('accepts %j', (text) => {
    expect(unstorableTextProblem(text)).toBeNull();
  });

  it.each([
    ['a\u0000b', 'NUL'],
    ['\ud800', '\\ud800'],
    ['x\udc00', '\\udc00'],
    ['\ud83d', '\\ud83d'],
    ['\udca5\ud83d', '\\udca5'],
    ['ok \ud83d\udca5 then \udbff', '\\udbff'],
  ])('refuses %j', (text, named) => {
    expect(unstorableTextProblem(text)).toContain(named);
  });
});

describe('unstorableTextProblems', () => {
  it('names every field at fault, keys included, at any depth', () => {
    const body = {
      task_type: 'default',
      parameters: { message: 'a\u0000b', nested: [{ ok: 'fine' }, { deep: ['\ud800'] }], ['k\u0000']: 1 },
    };
    expect(unstorableTextProblems(body, undefined)).toEqual([
      { field: 'parameters', message: expect.stringMatching(/^has a key that contains a NUL/) },
      { field: 'parameters.message', message: expect.stringContaining('NUL') },
      { field: 'parameters.nested.1.deep.0', message: expect.stringContaining('unpaired UTF-16 surrogate (\\ud800)') },
    ]);
    expect(unstorableTextProblems({ tasks: [{ task_type: '\udfff' }] }, undefined)[0]?.field).toBe('tasks.0.task_type');
  });

  it('names a query or path value by its name', () => {
    expect(unstorableTextProblems({ 'param.x': '%\u0000' }, undefined)[0]?.field).toBe('param.x');
    expect(unstorableTextProblems('\u0000', 'id')).toEqual([{ field: 'id', message: expect.stringContaining('NUL') }]);
  });

  it('walks a value nested far deeper than the stack would allow, and stops at the limit', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableTextProblems(deep, undefined)).toHaveLength(1);
    expect(
      unstorableTextProblems(
        Array.from({ length: 1000 }, () => '\u0000'),
        undefined,
      ),
    ).toHaveLength(20);
    expect(unstorableTextProblems({ a: 1, b: [true, null, 2.5] }, undefined)).toEqual([]);
  });
});
