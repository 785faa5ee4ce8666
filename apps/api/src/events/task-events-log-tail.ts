import type { RawLogEntry, TaskEventPosition } from '@atropos/queue';
import { entryIdOf, lastPositionOfEntry, readTaskEventsLogAfter, readTaskEventsLogBounds } from '@atropos/queue';
import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';

/** Entries one read takes at most: a burst is read in a few round trips, and none holds a huge reply. */
const READ_COUNT = 200;
/** A blocked read returns empty after this long; the loop simply reads again. */
const BLOCK_MS = 10_000;
const RETRY_MS = 1_000;

/**
 * Follows the task events log with one blocking XREAD loop per API process, on a connection of its
 * own, handing each entry to `onEntry` in log order. Why tail the log rather than subscribe to a
 * pub/sub channel beside it: the log is then the only thing written (one XADD per write group, no
 * second PUBLISH that could fail or arrive in another order), live events carry the very ids a
 * replay reads back, and a tail that lost Redis for a while resumes after the last entry it read
 * instead of losing what was written meanwhile. A blocked XREAD wakes as soon as an entry is added,
 * so it costs no latency over pub/sub.
 */
export class TaskEventsLogTail {
  private cursor: TaskEventPosition | undefined;
  private running = false;
  private readonly stopping = new AbortController();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onEntry: (entry: RawLogEntry) => void,
    private readonly logger: Logger,
  ) {}

  /**
   * Where everything handed on so far ends (the last event of the last entry read), or undefined
   * until the tail knows where the log stands: a client that has been handed every event up to
   * here may resume from it.
   */
  get position(): TaskEventPosition | undefined {
    return this.cursor;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.follow();
  }

  stop(): void {
    this.running = false;
    this.stopping.abort();
    this.redis.disconnect();
  }

  private async follow(): Promise<void> {
    let failing = false;
    while (this.running) {
      try {
        // Starts after what is written already: what came before this process is for replays.
        this.cursor ??= (await readTaskEventsLogBounds(this.redis, this.prefix))?.lastEntry ?? { ms: 0, seq: 0, index: 0 };
        const entries = await readTaskEventsLogAfter(this.redis, this.prefix, entryIdOf(this.cursor), {
          blockMs: BLOCK_MS,
          count: READ_COUNT,
        });
        for (const entry of entries) {
          try {
            this.onEntry(entry);
          } catch (error) {
            // A listener's bug must not stop the tail, nor make it read the same entry for ever.
            this.logger.error(`Task events entry ${entry[0]} not handed on: ${String(error)}`);
          }
          this.cursor = lastPositionOfEntry(entry);
        }
        if (failing) this.logger.log('Task events flow again');
        failing = false;
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        if (!failing) this.logger.warn(`Task events unavailable until Redis answers: ${String(error)}`);
        failing = true;
        await sleep(RETRY_MS, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }
}
