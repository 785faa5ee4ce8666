import { describe, expect, it } from '@jest/globals';
import type { ProgressLine } from './progress-line.js';
import { MAX_LINE_BYTES, parseProgressLine, ProgressLineReader } from './progress-line.js';

describe('parseProgressLine', () => {
  it.each([
    ['::progress:: 42', { percent: 42 }],
    ['::progress:: 42 resized 42 of 100 images', { percent: 42, message: 'resized 42 of 100 images' }],
    ['::progress::\t7.5\tstep two  ', { percent: 7.5, message: 'step two' }],
    ['::progress:: 250 over the top', { percent: 100, message: 'over the top' }],
    ['::progress:: 10 windows line\r', { percent: 10, message: 'windows line' }],
    ['::progress:: 3.25', { percent: 3.25 }],
    ['::progress:: 5 \t ', { percent: 5 }],
    ['::progress:: 5 ' + 'm'.repeat(600), { percent: 5, message: 'm'.repeat(500) }],
    ['::progress:: 99999999999999999999999 big', { percent: 100, message: 'big' }],
  ])('reads %j', (line, expected) => {
    expect(parseProgressLine(line)).toEqual(expected);
  });

  it.each([
    'progress 42',
    '::progress::42',
    '::progress:: -1',
    '::progress:: ten',
    ' ::progress:: 42',
    'hello',
    '::progress::',
    '::progress:: ',
    '::progress:: 4.',
    '::progress:: 4.x',
    '::progress:: .5',
    '::progress:: 42%',
    '::progress:: 1 half\rway',
    '::progress:: 1   \rx',
    '::progress:: 1 ' + 'x'.repeat(MAX_LINE_BYTES),
  ])('leaves %j as an ordinary line', (line) => {
    expect(parseProgressLine(line)).toBeNull();
  });
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

/**
 * Lines a hostile or careless command can print. The regular expression this parser replaced took
 * 3.5 s on the first one (cubic in the number of spaces), with the worker's event loop held all
 * along; each must now be handled in linear time, as a whole line or inside one 64 KiB chunk.
 */
describe('adversarial progress lines', () => {
  /**
   * Far above what linear parsing takes (about 1 ms) and far below what backtracking takes (seconds):
   * the test catches a pattern that backtracks, not a slow machine. Speed itself is for bench/.
   */
  const BACKTRACKING_BOUND_MS = 200;

  const lines: Array<[string, string]> = [
    ['2,000 spaces then \\rx', '::progress:: 1' + ' '.repeat(2_000) + '\rx'],
    ['64,000 spaces then \\rx', '::progress:: 1' + ' '.repeat(64_000) + '\rx'],
    ['4,000 spaces then \\rx (just under the cap)', '::progress:: 1' + ' '.repeat(4_000) + '\rx'],
    ['blanks alternating with tabs', '::progress:: 1' + ' \t'.repeat(2_000) + '\r\u2028'],
    ['a message of spaces and words', '::progress:: 1' + ' a '.repeat(1_300) + '\rx'],
    ['4,000 digits then a letter', '::progress:: ' + '9'.repeat(4_000) + 'x'],
    ['digits, a dot, digits, spaces', '::progress:: 1.' + '0'.repeat(2_000) + ' '.repeat(2_000) + '\r.'],
    ['blanks after the prefix only', '::progress::' + ' '.repeat(4_000)],
    ['the prefix repeated', '::progress::'.repeat(5_000)],
  ];

  /**
   * Milliseconds `work` takes: the best of five runs, after a warm-up run, so that compiling it and
   * the other agents of a loaded machine are not counted. A backtracking pattern is slow every time.
   */
  function timed(work: () => void): number {
    work();
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      work();
      best = Math.min(best, performance.now() - started);
    }
    return best;
  }

  it.each(lines)('parses %s without backtracking', (_name, line) => {
    const ms = timed(() => parseProgressLine(line));
    expect(parseProgressLine(line)).toBeNull();
    expect(ms).toBeLessThan(BACKTRACKING_BOUND_MS);
  });

  it.each(lines)('reads %s without backtracking, the whole line and its newline in one chunk', (_name, line) => {
    const seen: ProgressLine[] = [];
    const chunk = Buffer.from(line + '\n');
    const ms = timed(() => {
      const reader = new ProgressLineReader((progress) => seen.push(progress));
      reader.push(chunk);
      reader.end();
    });
    expect(seen).toEqual([]);
    expect(ms).toBeLessThan(BACKTRACKING_BOUND_MS);
  });

  it('reads a 64 KiB chunk of 17,048 short lines without backtracking, and each progress line in it', () => {
    const chunk = Buffer.from('::progress:: 7 x\n'.repeat(2_048) + 'y\n'.repeat(7_000) + ' \n'.repeat(8_000));
    expect(chunk.length).toBeLessThanOrEqual(65_536);
    let count = 0;
    const ms = timed(() => {
      count = 0;
      const reader = new ProgressLineReader(() => count++);
      reader.push(chunk);
      reader.end();
    });
    expect(count).toBe(2_048);
    expect(ms).toBeLessThan(BACKTRACKING_BOUND_MS);
  });

  it('still finds a progress line after a long line split over many chunks', () => {
    const seen: ProgressLine[] = [];
    const reader = new ProgressLineReader((progress) => seen.push(progress));
    reader.push(Buffer.from('::progress:: 1'));
    for (let i = 0; i < 100; i++) reader.push(Buffer.alloc(65_536, 0x20));
    reader.push(Buffer.from('\rx\n::progress:: 2 ok\r\n'));
    reader.end();
    expect(seen).toEqual([{ percent: 2, message: 'ok' }]);
  });

  it('reads a progress line whose bytes arrive one by one, a multi-byte character split among them', () => {
    const seen: ProgressLine[] = [];
    const reader = new ProgressLineReader((progress) => seen.push(progress));
    for (const byte of Buffer.from('::progress:: 12 café ☕\n')) reader.push(Buffer.from([byte]));
    expect(seen).toEqual([{ percent: 12, message: 'café ☕' }]);
  });
});
