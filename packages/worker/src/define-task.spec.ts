import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineTask, isDefinedTask, TaskDefinitionError } from './define-task.js';

const valid = {
  name: 'invoice_pdf',
  description: 'Renders an invoice',
  parameters: z.strictObject({ invoice_id: z.string(), pages: z.int().min(1).max(50).default(1) }),
  result: z.object({ bytes: z.number() }),
  run: () => Promise.resolve({ bytes: 1 }),
};

describe('defineTask', () => {
  it('gives a definition its JSON Schemas, defaults and a fingerprint of its contract', () => {
    const task = defineTask(valid);
    expect(isDefinedTask(task)).toBe(true);
    expect(task).toMatchObject({ name: 'invoice_pdf', timeoutS: 3600, maxRetries: 3, example: null });
    expect(task.parametersJsonSchema).toMatchObject({
      type: 'object',
      required: ['invoice_id'],
      additionalProperties: false,
      properties: { pages: { type: 'integer', minimum: 1, maximum: 50, default: 1 } },
    });
    expect(task.resultJsonSchema).toMatchObject({ type: 'object', properties: { bytes: { type: 'number' } } });
    expect(task.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('gives the same contract the same fingerprint, and another contract another', () => {
    expect(defineTask({ ...valid, description: 'Other words', timeout_s: 5 }).fingerprint).toBe(defineTask(valid).fingerprint);
    const wider = defineTask({
      ...valid,
      parameters: z.strictObject({ invoice_id: z.string(), pages: z.int().min(1).max(99).default(1) }),
    });
    expect(wider.fingerprint).not.toBe(defineTask(valid).fingerprint);
  });

  it.each([
    [{ name: 'Invoice PDF' }, 'name must be snake_case'],
    [{ name: 'x'.repeat(65) }, 'name must be snake_case'],
    [{ description: '' }, 'description must be 1-2000 characters'],
    [{ parameters: { type: 'object' } }, 'parameters must be a zod schema'],
    [{ parameters: z.string() }, 'parameters must be an object schema'],
    [{ parameters: z.object({ at: z.date() }) }, 'cannot be written as JSON Schema'],
    [{ timeout_s: 0 }, 'timeout_s must be a whole number of seconds, 1-86400'],
    [{ max_retries: 1.5 }, 'max_retries must be a whole number, 0-100'],
    [{ example: { pages: 2 } }, 'example does not satisfy parameters: invoice_id'],
  ])('refuses %j at once, saying what to fix', (change, message) => {
    expect(() => defineTask({ ...valid, ...change } as typeof valid)).toThrow(TaskDefinitionError);
    expect(() => defineTask({ ...valid, ...change } as typeof valid)).toThrow(message);
  });

  it('puts a type on the default queue unless it names one, and checks its queue and limits at once', () => {
    const base = {
      name: 'encode',
      description: 'Encodes',
      parameters: z.object({ customer_id: z.string() }),
      run: () => Promise.resolve(null),
    };
    expect(defineTask(base)).toMatchObject({ queue: 'default', limits: undefined });
    const limits = { key: 'customer ${parameters.customer_id}', key_concurrency: 1, rate: { limit: 10, window_s: 1 } };
    expect(defineTask({ ...base, queue: 'video', limits })).toMatchObject({ queue: 'video', limits });
    expect(() => defineTask({ ...base, queue: 'Video!' })).toThrow(/queue must be 1-63 characters/);
    expect(() => defineTask({ ...base, limits: { key_concurrency: 1 } })).toThrow(/limits: key_concurrency needs a `key`/);
  });
});
