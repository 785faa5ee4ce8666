/**
 * The line a configured command prints on stdout to report progress:
 * `::progress:: <percent 0-100> [message]`, e.g. `::progress:: 42 resized 42 of 100 images`.
 *
 * Read by a hand-written scanner rather than a regular expression: the command's output is
 * untrusted, and a pattern with nested or adjacent quantifiers over the same characters (blanks
 * before an optional message, blanks after it) backtracks for seconds on a line of a few thousand
 * spaces, holding the worker's only event loop (no lock renewed, no timeout fired). This one looks
 * at each character at most twice, and never at more than MAX_LINE_BYTES of a line.
 */
const PREFIX = '::progress::';

/** Longest progress message kept; the rest of a longer one is cut. */
const MAX_MESSAGE_LENGTH = 500;

/** Longest stdout line examined for progress: longer lines are ordinary output, never scanned. */
export const MAX_LINE_BYTES = 4096;

export interface ProgressLine {
  percent: number;
  message?: string;
}

const isBlank = (code: number) => code === 0x20 || code === 0x09;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
/** Characters that end a line for a terminal or a JavaScript `.`: a message holding one is not a progress line. */
const isLineBreak = (code: number) => code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;

/** The progress a stdout line reports, or null when it is an ordinary line (or longer than MAX_LINE_BYTES). */
export function parseProgressLine(line: string): ProgressLine | null {
  if (line.length > MAX_LINE_BYTES || !line.startsWith(PREFIX)) return null;
  // One trailing carriage return (a line ending in \r\n) is part of the line break, not of the line.
  const end = line.charCodeAt(line.length - 1) === 0x0d ? line.length - 1 : line.length;
  let at = PREFIX.length;
  const afterPrefix = at;
  while (at < end && isBlank(line.charCodeAt(at))) at++;
  if (at === afterPrefix) return null;

  const numberStart = at;
  while (at < end && isDigit(line.charCodeAt(at))) at++;
  if (at === numberStart) return null;
  if (at < end && line.charCodeAt(at) === 0x2e) {
    const fractionStart = at + 1;
    let fractionEnd = fractionStart;
    while (fractionEnd < end && isDigit(line.charCodeAt(fractionEnd))) fractionEnd++;
    if (fractionEnd === fractionStart) return null;
    at = fractionEnd;
  }
  const percent = Math.min(100, Number(line.slice(numberStart, at)));
  if (at < end && !isBlank(line.charCodeAt(at))) return null;

  let messageStart = at;
  while (messageStart < end && isBlank(line.charCodeAt(messageStart))) messageStart++;
  let messageEnd = end;
  while (messageEnd > messageStart && isBlank(line.charCodeAt(messageEnd - 1))) messageEnd--;
  for (let i = messageStart; i < messageEnd; i++) if (isLineBreak(line.charCodeAt(i))) return null;
  if (messageEnd === messageStart) return { percent };
  return { percent, message: line.slice(messageStart, Math.min(messageEnd, messageStart + MAX_MESSAGE_LENGTH)) };
}

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines and hands each progress line on. Works on the bytes as they
 * come: a line is decoded only when it is complete and at most MAX_LINE_BYTES long, and at most
 * MAX_LINE_BYTES of an unfinished line are held, so a 64 KiB chunk without a newline, or one
 * holding a single 64 KiB line, costs one linear pass over its bytes and nothing more.
 */
export class ProgressLineReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Inside a line already known to be too long: everything up to its newline is skipped. */
  private skipping = false;

  constructor(private readonly onProgress: (progress: ProgressLine) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      this.lineEnds(chunk.subarray(start, newline));
      start = newline + 1;
    }
    this.hold(chunk.subarray(start));
  }

  end(): void {
    if (!this.skipping && this.pendingBytes > 0) this.handle(Buffer.concat(this.pending));
    this.reset();
  }

  /** The end of a line arrived: the line is what was held plus `tail`. */
  private lineEnds(tail: Buffer): void {
    if (!this.skipping && this.pendingBytes + tail.length <= MAX_LINE_BYTES) {
      this.handle(this.pendingBytes === 0 ? tail : Buffer.concat([...this.pending, tail]));
    }
    this.reset();
  }

  /** Part of a line whose end has not arrived yet. */
  private hold(part: Buffer): void {
    if (this.skipping || part.length === 0) return;
    if (this.pendingBytes + part.length > MAX_LINE_BYTES) {
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = true;
      return;
    }
    // A copy: the stream may reuse the chunk's memory once this handler returns.
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  private reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }

  private handle(line: Buffer): void {
    // Cheap refusal of ordinary output: most lines do not even start with the prefix.
    if (line.length < PREFIX.length || line.toString('latin1', 0, PREFIX.length) !== PREFIX) return;
    const progress = parseProgressLine(line.toString('utf8'));
    if (progress) this.onProgress(progress);
  }
}
