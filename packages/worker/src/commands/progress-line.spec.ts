import { describe, expect, it } from '@jest/globals';
import type { ProgressLine } from './progress-line.js';
import { parseProgressLine, ProgressLineReader } from './progress-line.js';

describe('parseProgressLine', () => {
  it.each([
    ['::progress:: 42', { percent: 42 }],
    ['::progress:: 42 resized 42 of 100 images', { percent: 42, message: 'resized 42 of 100 images' }],
    ['::progress::\t7.5\tstep two  ', { percent: 7.5, message: 'step two' }],
    ['::progress:: 250 over the top', { percent: 100, message: 'over the top' }],
    ['::progress:: 10 windows line\r', { percent: 10, message: 'windows line' }],
  ])('reads %j', (line, expected) => {
    expect(parseProgressLine(line)).toEqual(expected);
  });

  it.each(['progress 42', '::progress::42', '::progress:: -1', '::progress:: ten', ' ::progress:: 42', 'hello'])(
    'leaves %j as an ordinary line',
    (line) => {
      expect(parseProgressLine(line)).toBeNull();
    },
  );
});

describe('ProgressLineReader', () => {
  it('finds progress lines split across chunks, and a last line without a newline', () => {
    const seen: ProgressLine[] = [];
    const reader = new ProgressLineReader((progress) => seen.push(progress));
    for (const chunk of ['out\n::prog', 'ress:: 10 a\n::progress:: 2', '0 b\nmore\n::progress:: 30']) reader.push(Buffer.from(chunk));
    reader.end();
    expect(seen).toEqual([{ percent: 10, message: 'a' }, { percent: 20, message: 'b' }, { percent: 30 }]);
  });

  it('ignores a line too long to be a progress line, without holding it', () => {
    const seen: ProgressLine[] = [];
    const reader = new ProgressLineReader((progress) => seen.push(progress));
    reader.push(Buffer.from('::progress:: 5 ' + 'x'.repeat(10_000)));
    reader.push(Buffer.from('still the long line\n::progress:: 6\n'));
    expect(seen).toEqual([{ percent: 6 }]);
  });
});
