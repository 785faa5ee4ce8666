import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { DEFAULT_STRING_MAX_LENGTH, parametersSpec, toParametersSchema } from './parameters-schema.js';

const schemaOf = (spec: unknown) => toParametersSchema(parametersSpec.parse(spec));

describe('toParametersSchema', () => {
  const schema = schemaOf({
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
      count: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
      ratio: { type: 'number', minimum: 0, maximum: 1 },
      colour: { type: 'string', enum: ['red', 'green'] },
      loud: { type: 'boolean', default: false },
    },
    required: ['name'],
  });

  it('fills in defaults and accepts valid values', () => {
    expect(schema.parse({ name: 'abc' })).toEqual({ name: 'abc', count: 3, loud: false });
    expect(schema.parse({ name: 'ab', ratio: 0.5, colour: 'red', loud: true, count: 10 })).toMatchObject({ ratio: 0.5 });
  });

  it.each([
    [{}, 'name'],
    [{ name: 'a' }, 'name'],
    [{ name: 'abcdef' }, 'name'],
    [{ name: 'AB' }, 'name'],
    [{ name: 'ab', count: 11 }, 'count'],
    [{ name: 'ab', count: 1.5 }, 'count'],
    [{ name: 'ab', ratio: 2 }, 'ratio'],
    [{ name: 'ab', colour: 'blue' }, 'colour'],
    [{ name: 'ab', loud: 'yes' }, 'loud'],
    [{ name: 'ab', extra: 1 }, ''],
  ])('refuses %j, at fault: %s', (value, field) => {
    const parsed = schema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toBe(field);
  });

  it('caps a string without maxLength, so every value stays bounded', () => {
    const free = schemaOf({ properties: { text: { type: 'string' } } });
    expect(free.safeParse({ text: 'x'.repeat(DEFAULT_STRING_MAX_LENGTH) }).success).toBe(true);
    expect(free.safeParse({ text: 'x'.repeat(DEFAULT_STRING_MAX_LENGTH + 1) }).success).toBe(false);
  });

  it('gives back a JSON Schema with the same constraints', () => {
    expect(z.toJSONSchema(schema, { io: 'input' })).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
        count: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
        colour: { enum: ['red', 'green'] },
      },
    });
  });

  it.each([
    [{ properties: { a: { type: 'string', format: 'email' } } }, 'properties.a'],
    [{ properties: { a: { type: 'array' } } }, 'properties.a.type'],
    [{ properties: { a: { type: 'string', pattern: '(' } } }, 'properties.a.pattern'],
    [{ properties: { a: { type: 'integer', minimum: 5, maximum: 1 } } }, 'properties.a.minimum'],
    [{ properties: { a: { type: 'integer', maximum: 3, default: 9 } } }, 'properties.a.default'],
    [{ properties: { A: { type: 'string' } } }, 'properties.A'],
    [{ properties: {}, required: ['ghost'] }, 'required.0'],
    [{ properties: {}, additionalProperties: true }, ''],
  ])('refuses the schema %j, at fault: %s', (spec, field) => {
    const parsed = parametersSpec.safeParse(spec);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain(field);
  });
});
