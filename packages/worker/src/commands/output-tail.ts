/**
 * Keeps the last `maxBytes` bytes of a stream: a command may print without limit, the worker
 * holds and stores only the tail (where the error usually is).
 *
 * Chunks are kept as they came and whole chunks dropped from the front once the rest covers the
 * tail, so no push copies anything: with `max_output_bytes` up to 16 MiB, re-copying the tail on
 * the way would hold the worker's event loop for tens of milliseconds at a time. The one copy is
 * made by text(), when the command has ended.
 */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.chunks.length > 1 && this.size - this.chunks[0]!.length >= this.maxBytes) {
      this.size -= this.chunks.shift()!.length;
      this.dropped = true;
    }
  }

  /** Whether anything was dropped from the front. */
  get truncated(): boolean {
    return this.dropped || this.size > this.maxBytes;
  }

  /** The tail as UTF-8 text; a character cut in two at the front shows as U+FFFD. */
  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.maxBytes)).toString('utf8');
  }
}
