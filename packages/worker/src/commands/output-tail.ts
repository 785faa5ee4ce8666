/**
 * Keeps the last `maxBytes` bytes of a stream: a command may print without limit, the worker
 * holds and stores only the tail (where the error usually is).
 */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size > this.maxBytes * 2) this.compact();
  }

  /** Whether anything was dropped from the front. */
  get truncated(): boolean {
    return this.dropped || this.size > this.maxBytes;
  }

  /** The tail as UTF-8 text; a character cut in two at the front shows as U+FFFD. */
  text(): string {
    this.compact();
    return Buffer.concat(this.chunks).toString('utf8');
  }

  private compact(): void {
    if (this.size <= this.maxBytes) return;
    const all = Buffer.concat(this.chunks);
    this.chunks = [all.subarray(all.length - this.maxBytes)];
    this.size = this.maxBytes;
    this.dropped = true;
  }
}
