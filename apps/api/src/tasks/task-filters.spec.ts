import { describe, expect, it } from '@jest/globals';
import { listTasksQuery } from './list-tasks.query.js';
import { containmentDocument } from './task-filters.js';

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
    });
  });
});
