/**
 * The line a configured command prints on stdout to report progress:
 * `::progress:: <percent 0-100> [message]`, e.g. `::progress:: 42 resized 42 of 100 images`.
 */
const PROGRESS_LINE = /^::progress::[ \t]+(\d+(?:\.\d+)?)(?:[ \t]+(.*?))?[ \t]*$/;

/** Longest progress message kept; the rest of a longer one is cut. */
const MAX_MESSAGE_LENGTH = 500;

export interface ProgressLine {
  percent: number;
  message?: string;
}

/** The progress a stdout line reports, or null when it is an ordinary line. */
export function parseProgressLine(line: string): ProgressLine | null {
  const match = PROGRESS_LINE.exec(line.replace(/\r$/, ''));
  if (!match) return null;
  const percent = Math.min(100, Number(match[1]));
  const message = match[2]?.slice(0, MAX_MESSAGE_LENGTH);
  return message ? { percent, message } : { percent };
}

/** Longest stdout line examined for progress: longer lines are ordinary output. */
const MAX_LINE_BYTES = 4096;

/** Splits a byte stream into lines and hands each progress line on; bounded memory per stream. */
export class ProgressLineReader {
  private pending = '';
  private skipping = false;

  constructor(private readonly onProgress: (progress: ProgressLine) => void) {}

  push(chunk: Buffer): void {
    const lines = (this.pending + chunk.toString('utf8')).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!this.skipping) this.handle(line);
      this.skipping = false;
    }
    if (this.pending.length > MAX_LINE_BYTES) {
      this.pending = '';
      this.skipping = true;
    }
  }

  end(): void {
    if (!this.skipping && this.pending) this.handle(this.pending);
    this.pending = '';
  }

  private handle(line: string): void {
    const progress = parseProgressLine(line);
    if (progress) this.onProgress(progress);
  }
}
