import { describe, expect, it } from '@jest/globals';
import { listTasksQuery } from './list-tasks.query.js';
import { containmentDocument, escapeLike } from './task-filters.js';

describe('containmentDocument', () => {
  it('keeps JSON scalars as written and makes anything else a string', () => {
    const document = containmentDocument({
      seed: '42',
      big: '12345678901234567890',
      ratio: '-1.5e3',
      fast: 'true',
      note: 'null',
      quoted: '"42"',
      format: 'csv',
      object: '{"a": 1}',
      list: '[1]',
      empty: '',
      'with-dash_1': 'a "quote" and \\ backslash',
    });
    expect(document).toBe(
      '{"seed":42,"big":12345678901234567890,"ratio":-1.5e3,"fast":true,"note":null,"quoted":"42","format":"csv",' +
        '"object":"{\\"a\\": 1}","list":"[1]","empty":"","with-dash_1":"a \\"quote\\" and \\\\ backslash"}',
    );
    // PostgreSQL reads it as JSON; so must JSON.parse (apart from the precision of big numbers).
    expect(JSON.parse(document)).toMatchObject({ seed: 42, fast: true, note: null, quoted: '42', object: '{"a": 1}' });
  });
});

describe('listTasksQuery', () => {
  it('splits statuses, reads times and gathers param.* and result.* by column', () => {
    const query = listTasksQuery.parse({
      status: 'pending, retrying,pending',
      created_after: '2026-11-23T10:00:00+01:00',
      'param.seed': '42',
      'result.content_type': 'text/csv',
    });
    expect(query).toEqual({
      status: ['pending', 'retrying'],
      task_type: undefined,
      created_after: new Date('2026-11-23T09:00:00Z'),
      created_before: undefined,
      limit: 20,
      cursor: undefined,
      parameters: { seed: '42' },
      result: { content_type: 'text/csv' },
      labels: {},
    });
  });

  it('gathers label.* as strings and takes a name to search', () => {
    const query = listTasksQuery.parse({ 'label.project': 'beta', 'label.team/owner.id': '42', name: '  invoice  ' });
    expect(query.labels).toEqual({ project: 'beta', 'team/owner.id': '42' });
    expect(query.name).toBe('invoice');
    expect(query.parameters).toEqual({});
  });

  it('refuses a label key that could not be a label, and more label filters than a task has labels', () => {
    const bad = listTasksQuery.safeParse({ 'label.-x': 'a', 'label.': 'b' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['label.', 'label.-x']);
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`label.k${index}`, 'v']));
    const tooMany = listTasksQuery.safeParse(many);
    expect(tooMany.error?.issues.map((issue) => issue.message)).toEqual(['at most 20 label.* filters in one query; got 21']);
  });
});

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character, and nothing else', () => {
    expect(escapeLike('50%_off\\now')).toBe('50\\%\\_off\\\\now');
    expect(escapeLike('plain text')).toBe('plain text');
  });
});
