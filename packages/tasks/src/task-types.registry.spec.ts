import { describe, expect, it } from '@jest/globals';
import { readTaskResult } from './task-types.registry.js';

describe('readTaskResult', () => {
  it('reads a result of its type, typed by the result schema', () => {
    const result = readTaskResult('default', { message: 'hi' });
    expect(result?.message).toBe('hi');
  });

  it('gives undefined for a result of another shape', () => {
    expect(readTaskResult('default', { message: 1 })).toBeUndefined();
    expect(readTaskResult('video_processing', { frames_processed: 10 })).toBeUndefined();
    expect(readTaskResult('data_processing', null)).toBeUndefined();
  });
});
