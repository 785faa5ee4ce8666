/** Longest stretch of work between yields: keeps Bull's lock renewals and progress writes on time. */
const YIELD_EVERY_MS = 20;

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Lets timers and I/O that are due run before continuing (setImmediate, unlike a microtask, lets them). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Spreads a handler's steps over `processing_time` seconds and keeps its CPU work from starving
 * the event loop: a worker whose loop is blocked for Bull's lock duration (30 s) loses the job to
 * another worker while still running it.
 */
export class Pacer {
  private readonly startedAt = performance.now();
  private yieldedAt = this.startedAt;
  private readonly durationMs: number;

  /** Throws at once if the signal has already aborted: an attempt stopped before it starts does no work. */
  constructor(
    processingTimeS: number,
    private readonly signal: AbortSignal,
  ) {
    signal.throwIfAborted();
    this.durationMs = processingTimeS * 1000;
  }

  /**
   * Call after step `done` of `total`: waits until (done / total) of the processing time has passed
   * since the start (not at all when behind schedule), yields at least every ~20 ms of work, and
   * throws the signal's reason if it has aborted. Each step should take well under 20 ms of CPU.
   */
  async step(done: number, total: number): Promise<void> {
    const now = performance.now();
    const wait = this.startedAt + (done / total) * this.durationMs - now;
    if (wait > 0) {
      await sleep(wait, this.signal);
    } else if (now - this.yieldedAt >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
    } else {
      this.signal.throwIfAborted();
      return;
    }
    this.yieldedAt = performance.now();
    this.signal.throwIfAborted();
  }
}
