/**
 * The worker's concurrency across its queues: Bull counts concurrency per queue, so a worker
 * taking jobs from several queues holds up to `concurrency` jobs of each, and runs at most
 * `concurrency` of them at once; the others wait here, unclaimed (still `pending` in PostgreSQL).
 */
export class Slots {
  private free: number;
  private closed = false;
  private readonly waiting: Array<(granted: boolean) => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  /** Resolves true when a slot is this caller's, false when the slots were closed first. */
  acquire(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next(true);
    else this.free += 1;
  }

  /** Refuses every waiting and future caller: the worker is stopping. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter(false);
  }
}
