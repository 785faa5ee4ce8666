import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { describeEnv, envVar } from './env-var.js';
import { InvalidEnvError, parseEnv } from './parse-env.js';

const declarations = {
  port: envVar('PORT', z.coerce.number().int().min(1).max(65_535).default(8000), 'HTTP port'),
  ttlMs: envVar(
    'TTL_HOURS',
    z.coerce
      .number()
      .min(0.001)
      .default(24)
      .transform((hours) => hours * 3_600_000),
    'How long a key is kept, in hours',
  ),
  origins: envVar(
    'ORIGINS',
    z
      .string()
      .default('')
      .transform((value) => value.split(',').filter(Boolean))
      .pipe(z.array(z.url({ error: 'must be an origin such as https://example.com' }))),
    'Origins allowed',
  ),
  name: envVar('NAME', z.string().optional(), 'A name; none when unset'),
};

describe('parseEnv', () => {
  it('fills in the defaults, after which the transforms run', () => {
    expect(parseEnv(declarations, {}, 'test')).toEqual({ port: 8000, ttlMs: 86_400_000, origins: [], name: undefined });
  });

  it('reads each variable into the field that declares it', () => {
    const env = { PORT: '9000', TTL_HOURS: '0.5', ORIGINS: 'https://a.example,https://b.example', NAME: 'x', OTHER: 'ignored' };
    expect(parseEnv(declarations, env, 'test')).toEqual({
      port: 9000,
      ttlMs: 1_800_000,
      origins: ['https://a.example', 'https://b.example'],
      name: 'x',
    });
  });

  it('refuses every bad value at once, in one line naming each variable and what is wrong', () => {
    const parse = () => parseEnv(declarations, { PORT: 'eighty', TTL_HOURS: '0', ORIGINS: 'https://a.example,nope' }, 'test');
    expect(parse).toThrow(InvalidEnvError);
    expect(parse).toThrow(
      'Invalid test configuration: PORT: Invalid input: expected number, received NaN; ' +
        'TTL_HOURS: Too small: expected number to be >=0.001; ORIGINS.1: must be an origin such as https://example.com',
    );
  });

  it('refuses a variable declared for two fields', () => {
    const twice = { a: envVar('PORT', z.string(), 'a'), b: envVar('PORT', z.string(), 'b') };
    expect(() => parseEnv(twice, {}, 'test')).toThrow('PORT is declared twice, as a and as b');
  });
});

describe('describeEnv', () => {
  it('lists each variable with its meaning and its default as written in .env, before any transform', () => {
    expect(describeEnv(declarations)).toEqual([
      { name: 'PORT', doc: 'HTTP port', default: '8000' },
      { name: 'TTL_HOURS', doc: 'How long a key is kept, in hours', default: '24' },
      { name: 'ORIGINS', doc: 'Origins allowed', default: '' },
      { name: 'NAME', doc: 'A name; none when unset', default: undefined },
    ]);
  });
});
