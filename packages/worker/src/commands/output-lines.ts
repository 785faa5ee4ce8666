/** Longest line handed on whole; a longer one is cut there and the rest of it skipped. */
const MAX_LINE_CHARS = 8_192;

/**
 * Splits a command's output stream into lines as chunks arrive (a line may span chunks), with
 * bounded memory: a runaway line without a newline is handed on cut at MAX_LINE_CHARS.
 */
export class OutputLines {
  private pending = '';
  private skipping = false;

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const lines = (this.pending + chunk.toString('utf8')).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!this.skipping) this.onLine(line.replace(/\r$/, ''));
      this.skipping = false;
    }
    if (this.pending.length > MAX_LINE_CHARS) {
      if (!this.skipping) this.onLine(`${this.pending.slice(0, MAX_LINE_CHARS)}… (line cut)`);
      this.pending = '';
      this.skipping = true;
    }
  }

  end(): void {
    if (!this.skipping && this.pending) this.onLine(this.pending.replace(/\r$/, ''));
    this.pending = '';
    this.skipping = false;
  }
}
