/**
 * Shares an expensive read among the requests that ask for it within `ttlMs` of each other: one
 * load per key is under way at a time, and its answer serves every request until `ttlMs` after it
 * arrived. A failed load is not kept. At most `maxKeys` keys are remembered (the oldest go first),
 * so distinct queries cannot grow it without bound.
 */
export class ShortCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; settledAt: number | null }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys = 1_000,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && (hit.settledAt === null || performance.now() - hit.settledAt < this.ttlMs)) return hit.value;
    const entry: { value: Promise<T>; settledAt: number | null } = { value: load(), settledAt: null };
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.value.then(
      () => (entry.settledAt = performance.now()),
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxKeys) break;
      this.entries.delete(oldest);
    }
    return entry.value;
  }

  /** Forgets every answer: the next request of each key loads afresh (after a write that changes them). */
  clear(): void {
    this.entries.clear();
  }
}
