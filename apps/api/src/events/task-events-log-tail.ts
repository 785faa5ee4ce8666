import type { RawLogEntry, TaskEventPosition } from '@atropos/queue';
import { entryIdOf, lastPositionOfEntry, readTaskEventsLogAfter, readTaskEventsLogEnd, START_OF_LOG } from '@atropos/queue';
import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';

/** Entries one read takes at most: a burst is read in a few round trips, and none holds a huge reply. */
const READ_COUNT = 200;
/** A blocked read returns empty after this long; the loop simply reads again. */
const BLOCK_MS = 10_000;
const RETRY_MS = 1_000;
/** While nobody listens, how often the tail reads where the log ends (at most this stale when someone starts to). */
const IDLE_POLL_MS = 1_000;

export interface TaskEventsLogTailOptions {
  /** Whether anyone listens now; while not, the tail follows no entries. Always, unless given. */
  wanted?: () => boolean;
  /** IDLE_POLL_MS unless given (tests). */
  idlePollMs?: number;
}

/**
 * Follows the task events log with one blocking XREAD loop per API process, on a connection of its
 * own, handing each entry to `onEntry` in log order. Why tail the log rather than subscribe to a
 * pub/sub channel beside it: the log is then the only thing written (one XADD per write group, no
 * second PUBLISH that could fail or arrive in another order), live events carry the very ids a
 * replay reads back, and a tail that lost Redis for a while resumes after the last entry it read
 * instead of losing what was written meanwhile. A blocked XREAD wakes as soon as an entry is added,
 * so it costs no latency over pub/sub.
 *
 * While `wanted` says nobody listens, the tail follows no entries (under load, reading and parsing
 * every entry was a sixth of the API's CPU for nobody): it only reads where the log ends, once a
 * second (`readTaskEventsLogEnd`: the last entry's id and count, not its events), and follows the
 * log again from there as soon as `wake()` says someone listens. A listener
 * may thus first be handed events from up to a second before it came, never miss one after.
 */
export class TaskEventsLogTail {
  private cursor: TaskEventPosition | undefined;
  private running = false;
  private readonly stopping = new AbortController();
  private idleWait: AbortController | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onEntry: (entry: RawLogEntry) => void,
    private readonly logger: Logger,
    private readonly options: TaskEventsLogTailOptions = {},
  ) {}

  private wanted(): boolean {
    return this.options.wanted?.() ?? true;
  }

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

  /** Someone listens now: follow the log at once instead of at the next idle poll. */
  wake(): void {
    this.idleWait?.abort();
  }

  private async follow(): Promise<void> {
    let failing = false;
    while (this.running) {
      try {
        // Starts after what is written already: what came before this process is for replays.
        this.cursor ??= await this.logEnd();
        if (!this.wanted()) {
          await this.idle();
          continue;
        }
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

  private async logEnd(): Promise<TaskEventPosition> {
    return (await readTaskEventsLogEnd(this.redis, this.prefix)) ?? START_OF_LOG;
  }

  /** Waits until woken or the idle poll's interval has passed, then moves the cursor to where the log ends. */
  private async idle(): Promise<void> {
    this.idleWait = new AbortController();
    const signal = AbortSignal.any([this.idleWait.signal, this.stopping.signal]);
    await sleep(this.options.idlePollMs ?? IDLE_POLL_MS, undefined, { signal }).catch(() => undefined);
    this.idleWait = undefined;
    if (this.wanted() || !this.running) return;
    const end = await this.logEnd();
    // A listener that came while the end was read was told the older cursor: it must get every
    // entry after that one, so the cursor stays where it was.
    if (!this.wanted()) this.cursor = end;
  }
}
