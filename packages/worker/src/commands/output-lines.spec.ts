import { describe, expect, it } from '@jest/globals';
import { OutputLines } from './output-lines.js';

function split(chunks: string[]): string[] {
  const lines: string[] = [];
  const reader = new OutputLines((line) => lines.push(line));
  for (const chunk of chunks) reader.push(Buffer.from(chunk));
  reader.end();
  return lines;
}

describe('OutputLines', () => {
  it('hands on whole lines, joined across chunks, without their line ending', () => {
    expect(split(['one\r\ntw', 'o\nthree'])).toEqual(['one', 'two', 'three']);
  });

  it('cuts a runaway line once and skips the rest of it', () => {
    const lines = split(['x'.repeat(5_000), 'y'.repeat(5_000), 'z'.repeat(10), '\nnext\n']);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^x{5000}y{3192}… \(line cut\)$/);
    expect(lines[1]).toBe('next');
  });
});
