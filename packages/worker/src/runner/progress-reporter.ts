type ProgressWriter = (percent: number, message: string | null) => Promise<unknown>;

/**
 * Passes a handler's progress on to the database at most once per interval, counted from the
 * start of the attempt: a task that finishes within one interval writes no progress at all (its
 * final status says 100 %). The latest report always wins and is written at the end of the
 * interval, so a chatty handler costs one write per interval however often it calls, and the
 * last value before a quiet period is never lost.
 */
export class ProgressReporter {
  private latest: { percent: number; message: string | null } | null = null;
  private lastWriteAt = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly write: ProgressWriter,
    private readonly intervalMs: number,
  ) {}

  /** Last message reported, so the final status can keep it. */
  get lastMessage(): string | null {
    return this.latest?.message ?? null;
  }

  report(percent: number, message?: string): void {
    if (this.stopped) return;
    const clamped = Math.min(100, Math.max(0, Math.round(Number.isFinite(percent) ? percent : 0)));
    this.latest = { percent: clamped, message: message ?? this.latest?.message ?? null };
    if (this.timer) return;
    const wait = this.lastWriteAt + this.intervalMs - Date.now();
    if (wait <= 0) this.writeLatest();
    else this.timer = setTimeout(() => this.writeLatest(), wait);
  }

  /** Stops writing and waits for a write under way, so a final status is never overwritten by progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private writeLatest(): void {
    this.timer = null;
    if (this.stopped || !this.latest) return;
    const { percent, message } = this.latest;
    this.lastWriteAt = Date.now();
    // Chained so writes land in the order they were made; a failed write only loses that sample.
    this.inFlight = this.inFlight.then(() => this.write(percent, message)).catch(() => undefined);
  }
}
