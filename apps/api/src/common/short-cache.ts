interface Entry<T> {
  value: Promise<T>;
  /** When the load ended; null while it is under way. */
  settledAt: number | null;
  /** The reload of a stale answer under way (only with `staleMs`). */
  reloading: Promise<T> | null;
}

/**
 * Shares an expensive read among the requests that ask for it within `ttlMs` of each other: one
 * load per key is under way at a time, and its answer serves every request until `ttlMs` after it
 * arrived. A failed load is not kept. At most `maxKeys` keys are remembered (the oldest go first),
 * so distinct queries cannot grow it without bound.
 *
 * With `staleMs`, an answer that has outlived its ttl by less than that still serves the requests
 * while one reload runs in the background, instead of making them wait for it: under a steady
 * stream of requests none waits for a load after the first, so the load's duration stays out of
 * their latency. Past `ttlMs + staleMs` (a key nobody asked for lately) a request waits as without.
 */
export class ShortCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys = 1_000,
    private readonly staleMs = 0,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      const age = hit.settledAt === null ? 0 : performance.now() - hit.settledAt;
      if (age < this.ttlMs) return hit.value;
      if (age < this.ttlMs + this.staleMs) {
        if (!hit.reloading) this.reload(key, hit, load);
        return hit.value;
      }
      // Too old to serve, but its reload is under way: wait for that one rather than start another.
      if (hit.reloading) return hit.reloading;
    }
    const entry: Entry<T> = { value: load(), settledAt: null, reloading: null };
    this.install(key, entry);
    entry.value.then(
      () => (entry.settledAt = performance.now()),
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    return entry.value;
  }

  /** Forgets every answer: the next request of each key loads afresh (after a write that changes them). */
  clear(): void {
    this.entries.clear();
  }

  /** Replaces a stale answer once its reload succeeds; a failed reload leaves it to the next request. */
  private reload(key: string, stale: Entry<T>, load: () => Promise<T>): void {
    const value = load();
    stale.reloading = value;
    value.then(
      () => {
        if (this.entries.get(key) === stale) this.install(key, { value, settledAt: performance.now(), reloading: null });
      },
      () => (stale.reloading = null),
    );
  }

  private install(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxKeys) break;
      this.entries.delete(oldest);
    }
  }
}
