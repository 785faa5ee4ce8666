import { describe, expect, it } from '@jest/globals';
import { OutputTail } from './output-tail.js';

describe('OutputTail', () => {
  it('keeps everything under the cap', () => {
    const tail = new OutputTail(10);
    tail.push(Buffer.from('hello '));
    tail.push(Buffer.from('you'));
    expect(tail.text()).toBe('hello you');
    expect(tail.truncated).toBe(false);
  });

  it('keeps only the last maxBytes bytes, however the output is chunked', () => {
    const tail = new OutputTail(5);
    for (const chunk of ['abc', 'defgh', 'i', 'jklmnopq']) tail.push(Buffer.from(chunk));
    expect(tail.text()).toBe('mnopq');
    expect(tail.truncated).toBe(true);
    tail.push(Buffer.from('r'));
    expect(tail.text()).toBe('nopqr');
  });

  it('holds bounded memory for unbounded output', () => {
    const tail = new OutputTail(1024);
    for (let i = 0; i < 10_000; i++) tail.push(Buffer.alloc(1000, i % 256));
    expect(Buffer.byteLength(tail.text(), 'latin1')).toBeLessThanOrEqual(1024 * 3);
    expect(tail.truncated).toBe(true);
  });
});
