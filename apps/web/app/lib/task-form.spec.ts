import type { TaskType } from '@atropos/client';
import { describe, expect, it } from '@jest/globals';
import { describeBounds, groupFields, parameterFields, toValue } from './task-form';

const common = {
  processing_time: { type: 'number', minimum: 0, maximum: 3600, default: 5, description: 'Seconds.' },
  fail_attempts: { type: 'integer', minimum: 0, maximum: 100, default: 0 },
};

/** What GET /task-types says of every type besides its schemas. */
const served = { result_schema: null, timeout_s: 7200, max_retries: 3, fingerprint: 'sha256:0', workers: 1, note: null, conflict: null };

const video: TaskType = {
  name: 'video_processing',
  description: 'Encodes a clip.',
  kind: 'built_in',
  example: {},
  ...served,
  parameters_schema: {
    type: 'object',
    properties: {
      ...common,
      duration_s: { type: 'number', exclusiveMinimum: 0, maximum: 14400, default: 10 },
      fps: { type: 'integer', minimum: 1, maximum: 240, default: 30 },
      resolution: { type: 'string', enum: ['480p', '720p'], default: '720p' },
    },
    required: ['fps'],
  },
};

const echo: TaskType = {
  name: 'default',
  description: 'Echoes.',
  kind: 'built_in',
  example: {},
  ...served,
  parameters_schema: { type: 'object', properties: { ...common, message: { type: 'string', maxLength: 10000 } } },
};

describe('the new-task form from a JSON Schema', () => {
  it('makes one field per property, named as the API names it in errors, with kind, bounds and default', () => {
    const fields = parameterFields(video);
    expect(fields.map((field) => field.name)).toEqual([
      'parameters.processing_time',
      'parameters.fail_attempts',
      'parameters.duration_s',
      'parameters.fps',
      'parameters.resolution',
    ]);
    expect(fields.find((field) => field.name === 'parameters.fps')).toMatchObject({
      label: 'FPS',
      kind: 'integer',
      min: 1,
      max: 240,
      defaultValue: '30',
      required: true,
    });
    expect(fields.find((field) => field.name === 'parameters.duration_s')).toMatchObject({
      label: 'Duration (s)',
      kind: 'number',
      min: 0,
      exclusiveMin: true,
    });
    expect(fields.find((field) => field.name === 'parameters.resolution')).toMatchObject({ kind: 'choice', options: ['480p', '720p'] });
    expect(parameterFields(echo).find((field) => field.name === 'parameters.message')).toMatchObject({
      kind: 'long-text',
      required: false,
    });
  });

  it('sets apart the fields every type shares', () => {
    const { own, shared } = groupFields(video, [video, echo]);
    expect(own.map((field) => field.name)).toEqual(['parameters.duration_s', 'parameters.fps', 'parameters.resolution']);
    expect(shared.map((field) => field.name)).toEqual(['parameters.processing_time', 'parameters.fail_attempts']);
  });

  it('keeps the run options of built-in types apart when command or HTTP types are configured, and gives those only their own fields', () => {
    const echoText: TaskType = {
      name: 'echo_text',
      description: 'Prints text.',
      kind: 'command',
      example: {},
      ...served,
      parameters_schema: { type: 'object', properties: { text: { type: 'string', minLength: 1, maxLength: 1000 } }, required: ['text'] },
    };
    const wordCount: TaskType = {
      name: 'word_count',
      description: 'Counts words, in Python.',
      kind: 'http',
      example: {},
      ...served,
      parameters_schema: { type: 'object', properties: { text: { type: 'string', maxLength: 100 } }, required: ['text'] },
    };
    const all = [video, echo, echoText, wordCount];
    expect(groupFields(video, all).shared.map((field) => field.name)).toEqual(['parameters.processing_time', 'parameters.fail_attempts']);
    expect(groupFields(wordCount, all).shared).toEqual([]);
    const { own, shared } = groupFields(echoText, all);
    expect(own).toEqual([expect.objectContaining({ name: 'parameters.text', kind: 'long-text', required: true, maxLength: 1000 })]);
    expect(shared).toEqual([]);
  });

  it('gives a type a worker registered only its own fields', () => {
    const invoice: TaskType = {
      name: 'invoice_pdf',
      description: 'Renders an invoice.',
      kind: 'registered',
      example: {},
      ...served,
      parameters_schema: {
        type: 'object',
        properties: { invoice_id: { type: 'string' }, pages: { type: 'integer', minimum: 1, maximum: 50, default: 1 } },
      },
    };
    const { own, shared } = groupFields(invoice, [video, echo, invoice]);
    expect(own.map((field) => field.name)).toEqual(['parameters.invoice_id', 'parameters.pages']);
    expect(shared).toEqual([]);
    expect(groupFields(video, [video, echo, invoice]).shared.map((field) => field.name)).toEqual([
      'parameters.processing_time',
      'parameters.fail_attempts',
    ]);
  });

  it('sends the choice of a numeric enum (a command type may declare one) as a number', () => {
    const sizes: TaskType = {
      name: 'resize',
      description: 'Resizes.',
      kind: 'command',
      example: {},
      ...served,
      parameters_schema: {
        type: 'object',
        properties: { width: { type: 'integer', enum: [320, 640] }, fit: { type: 'string', enum: ['1', '2'] } },
      },
    };
    const [width, fit] = parameterFields(sizes);
    expect(toValue(width!, '640')).toBe(640);
    expect(toValue(fit!, '2')).toBe('2');
  });

  it('says the bounds in words', () => {
    const [processing, , duration] = parameterFields(video);
    expect(describeBounds(processing!)).toBe('Number from 0 to 3,600; default 5');
    expect(describeBounds(duration!)).toBe('Number above 0, up to 14,400; default 10');
    expect(describeBounds(parameterFields(echo).at(-1)!)).toBe('Up to 10,000 characters; optional');
  });

  it('turns the typed text back into JSON: numbers as numbers, empty fields left out, nonsense sent as typed', () => {
    const fps = parameterFields(video).find((field) => field.name === 'parameters.fps')!;
    expect(toValue(fps, '60')).toBe(60);
    expect(toValue(fps, '  ')).toBeUndefined();
    expect(toValue(fps, '1e999')).toBe('1e999');
  });
});
