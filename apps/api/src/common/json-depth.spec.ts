import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JsonTooDeepError, limitJsonDepth, MAX_JSON_DEPTH } from './json-depth.js';

const check = (text: string) => () => limitJsonDepth({} as IncomingMessage, {} as ServerResponse, Buffer.from(text));

describe('limitJsonDepth', () => {
  it('lets a body nested up to the limit through', () => {
    expect(check('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).not.toThrow();
    expect(check('{"a":'.repeat(MAX_JSON_DEPTH - 1) + '{}' + '}'.repeat(MAX_JSON_DEPTH - 1))).not.toThrow();
    // Siblings do not add up: depth is what is open at once.
    expect(check(JSON.stringify(Array.from({ length: 1000 }, () => [[[{}]]])))).not.toThrow();
  });

  it('refuses a body nested deeper, however it is built', () => {
    expect(check('['.repeat(MAX_JSON_DEPTH + 1))).toThrow(JsonTooDeepError);
    expect(check('{"a":'.repeat(5000) + '1' + '}'.repeat(5000))).toThrow(`nested more than ${MAX_JSON_DEPTH} levels deep`);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ text: '['.repeat(1000) + '\\"{{{' + '"[[[' });
    expect(check(text)).not.toThrow();
  });
});
