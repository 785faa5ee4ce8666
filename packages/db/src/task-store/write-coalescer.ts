/** How a WriteCoalescer writes a group, and when a failed group is worth retrying item by item. */
export interface WriteCoalescerOptions<Item, Result> {
  /** Writes the items in one round trip; resolves with one result per item, in the same order. */
  writeMany: (items: Item[]) => Promise<Result[]>;
  /**
   * True when the error would have failed each item on its own as well (the database or Redis is
   * down): the whole group gets it. Any other failure of a group is retried item by item, so one
   * item's problem (a row that breaks a constraint, a deadlock) never fails the others.
   */
  failsEveryItem?: (error: unknown) => boolean;
  /** The largest group sent at once. */
  maxGroupSize?: number;
}

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for one kind of write. On the shared 2-core machines we run on, a round trip to
 * PostgreSQL or Redis costs more CPU than the JavaScript around it (see bench/RESULTS.md), so
 * writes of the same kind from concurrent jobs or requests are sent together: one group is in
 * flight at a time, and what arrives meanwhile waits for it and goes as the next group. A lone
 * write waits only until the end of the current event-loop turn, so an idle process answers as
 * fast as before, and the busier it gets the larger (and fewer) its writes become.
 */
export class WriteCoalescer<Item, Result> {
  private waiting: Array<Pending<Item, Result>> = [];
  private flushing = false;
  private readonly maxGroupSize: number;

  constructor(private readonly options: WriteCoalescerOptions<Item, Result>) {
    this.maxGroupSize = options.maxGroupSize ?? 1_000;
  }

  write(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.maxGroupSize);
      await this.writeGroup(group);
    }
    this.flushing = false;
  }

  private async writeGroup(group: Array<Pending<Item, Result>>): Promise<void> {
    try {
      const results = await this.options.writeMany(group.map((pending) => pending.item));
      group.forEach((pending, index) => pending.resolve(results[index] as Result));
    } catch (error) {
      if (group.length === 1 || this.options.failsEveryItem?.(error)) {
        for (const pending of group) pending.reject(error);
        return;
      }
      await Promise.all(group.map((pending) => this.writeGroup([pending])));
    }
  }
}
