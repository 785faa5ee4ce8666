import { describe, expect, it } from '@jest/globals';
import { CSV_COLUMNS, exportSelection, exportStatement, inlineParameters } from './task-export-query.js';

describe('inlineParameters', () => {
  it('writes each placeholder as a quoted literal, $10 apart from $1', () => {
    const values = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    const sql = inlineParameters('x = $1 AND y = $10', values);
    expect(sql).toBe("x = 'a' AND y = 'j'");
  });

  it('escapes quotes and backslashes, so a value cannot end its literal', () => {
    // pg writes a literal holding a backslash as E'…' (with a space before it), backslash doubled.
    expect(inlineParameters('name ILIKE $1', ["%o'brien\\%"])).toBe("name ILIKE  E'%o''brien\\\\%'");
    expect(inlineParameters('labels @> CAST($1 AS jsonb)', [`{"k":"'); DROP TABLE tasks; --"}`])).toBe(
      `labels @> CAST('{"k":"''); DROP TABLE tasks; --"}' AS jsonb)`,
    );
  });

  it('writes dates as ISO text and numbers as text, and refuses anything else', () => {
    expect(inlineParameters('t >= $1 AND n = $2', [new Date('2030-01-01T00:00:00Z'), 5])).toBe(
      "t >= '2030-01-01T00:00:00.000Z' AND n = '5'",
    );
    expect(() => inlineParameters('x = $1', [{ a: 1 }])).toThrow(/cannot be written as a literal/);
  });
});

describe('exportStatement', () => {
  it('has PostgreSQL write CSV with a header, and JSON lines untouched', () => {
    expect(exportStatement('SELECT 1', [], 'csv')).toBe('COPY (SELECT 1) TO STDOUT WITH (FORMAT csv, HEADER true)');
    expect(exportStatement('SELECT 1', [], 'jsonl')).toBe(
      `COPY (SELECT 1) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`,
    );
  });

  it('selects one column per CSV column, or one JSON object', () => {
    expect(exportSelection('csv').map(({ alias }) => alias)).toEqual([...CSV_COLUMNS]);
    expect(exportSelection('jsonl')).toHaveLength(1);
  });
});
