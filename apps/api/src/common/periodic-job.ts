/**
 * Runs `job` now or after `intervalMs`, then again `intervalMs` after each run ends, so runs never
 * overlap; stop() cancels the next run and waits for the one under way. The timer does not keep
 * the process alive.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly job: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** True once stop() was called: a long run checks it to end between its steps. */
  get stopping(): boolean {
    return this.stopped;
  }

  start({ runNow }: { runNow: boolean }): void {
    if (runNow) this.run();
    else this.scheduleNext();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private run(): void {
    this.running = this.job()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        this.scheduleNext();
      });
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.run(), this.intervalMs);
    this.timer.unref();
  }
}
