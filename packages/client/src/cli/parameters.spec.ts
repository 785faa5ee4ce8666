import { describe, expect, it } from '@jest/globals';
import type { JsonSchema } from './parameters.js';
import { coerceValue, describeSchema, parseJsonObject, parseLabelAssignments, parseParamAssignments, UsageError } from './parameters.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    record_count: { type: 'integer', minimum: 1, maximum: 10_000_000, default: 1000 },
    processing_time: { type: 'number', default: 5 },
    title: { type: 'string', maxLength: 200 },
    format: { type: 'string', enum: ['markdown', 'csv'] },
    verbose: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
};

describe('parseParamAssignments', () => {
  it("reads each value as the type's schema says", () => {
    expect(
      parseParamAssignments(
        ['record_count=500', 'processing_time=0.5', 'title=500', 'format=csv', 'verbose=true', 'tags=["a","b"]', 'note=null'],
        schema,
      ),
    ).toEqual({ record_count: 500, processing_time: 0.5, title: '500', format: 'csv', verbose: true, tags: ['a', 'b'], note: null });
  });

  it('keeps everything after the first = in the value', () => {
    expect(parseParamAssignments(['title=a=b'], schema)).toEqual({ title: 'a=b' });
  });

  it('reads keys the schema does not list as JSON when they parse, as strings otherwise', () => {
    expect(parseParamAssignments(['seed=42', 'name=report', 'flag=false'], schema)).toEqual({ seed: 42, name: 'report', flag: false });
    expect(parseParamAssignments(['seed=42'], undefined)).toEqual({ seed: 42 });
  });

  it('sends a value the schema does not allow as read, for the API to name the rule', () => {
    expect(parseParamAssignments(['record_count=many', 'verbose=yes'], schema)).toEqual({ record_count: 'many', verbose: 'yes' });
  });

  it('refuses an assignment without a key or =', () => {
    expect(() => parseParamAssignments(['record_count'], schema)).toThrow(UsageError);
    expect(() => parseParamAssignments(['=5'], schema)).toThrow(/expected key=value/);
  });

  it('refuses text that is not JSON for an array', () => {
    expect(() => coerceValue('a,b', schema.properties!.tags, 'tags')).toThrow(/--param tags: expected JSON/);
  });
});

describe('parseLabelAssignments', () => {
  it('reads key=value pairs as string labels, the value keeping any = of its own', () => {
    expect(parseLabelAssignments(['project=beta', 'customer=42', 'query=a=b', 'empty='])).toEqual({
      project: 'beta',
      customer: '42',
      query: 'a=b',
      empty: '',
    });
  });

  it('refuses an assignment without a key', () => {
    expect(() => parseLabelAssignments(['=beta'])).toThrow(UsageError);
    expect(() => parseLabelAssignments(['project'])).toThrow(/expected key=value/);
  });
});

describe('parseJsonObject', () => {
  it('parses a JSON object and refuses anything else with the option named', () => {
    expect(parseJsonObject('{"title": "Q3"}', '--input')).toEqual({ title: 'Q3' });
    expect(() => parseJsonObject('[1]', '--input')).toThrow(/--input: expected a JSON object/);
    expect(() => parseJsonObject('{title: Q3}', '--params')).toThrow(/--params: not valid JSON/);
  });
});

describe('describeSchema', () => {
  it('says the type, bounds, choices and default', () => {
    expect(describeSchema(schema.properties!.record_count!)).toBe('integer 1..10000000, default 1000');
    expect(describeSchema(schema.properties!.format!)).toBe('one of "markdown", "csv"');
    expect(describeSchema(schema.properties!.title!)).toBe('string, 0..200 characters');
    expect(describeSchema({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER })).toBe('integer ≥ 0');
    expect(describeSchema({ type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER })).toBe('integer');
  });
});
