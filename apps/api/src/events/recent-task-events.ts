import type { TaskEventPosition } from '@atropos/queue';
import { compareTaskEventPositions } from '@atropos/queue';
import type { DeliveredTaskEvent } from './task-event-fanout.js';

/**
 * The events this process' tail handed on lately, in log order, frames built: a client that
 * reconnects within seconds (an EventSource retries after about three; a deploy drops hundreds at
 * once) is replayed from here, with no Redis read and no event parsed or serialised again. What
 * is held is always every event after `from` up to `to`, without a gap; anything else is asked of
 * the log in Redis.
 */
export class RecentTaskEvents {
  private events: DeliveredTaskEvent[] = [];
  /** Every event after this position (exclusive)… */
  private from: TaskEventPosition | undefined;
  /** …up to this one (the end of the last entry added) is held. */
  private to: TaskEventPosition | undefined;

  constructor(private readonly capacity: number) {}

  /** The events of the entry that follows `before` (the tail's position before it), and where the entry ends. */
  add(before: TaskEventPosition, events: DeliveredTaskEvent[], end: TaskEventPosition): void {
    if (this.to === undefined || compareTaskEventPositions(this.to, before) !== 0) {
      // Not the entry after the last one held: start again from here rather than hold a gap.
      this.events = [];
      this.from = before;
    }
    this.events.push(...events);
    this.to = end;
    // Trimmed by the quarter, not one by one: a shift per event would move the whole array each time.
    if (this.events.length > this.capacity * 1.25) {
      const dropped = this.events.splice(0, this.events.length - this.capacity);
      this.from = dropped.at(-1)!.position;
    }
  }

  /** The tail passed entries by without reading them (nobody was listening): what is held has a gap after it. */
  forget(): void {
    this.events = [];
    this.from = undefined;
    this.to = undefined;
  }

  /** Every event after `after`, in order, or undefined when they are not all held here. */
  after(after: TaskEventPosition): DeliveredTaskEvent[] | undefined {
    if (this.from === undefined || this.to === undefined) return undefined;
    if (compareTaskEventPositions(after, this.from) < 0 || compareTaskEventPositions(after, this.to) > 0) return undefined;
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareTaskEventPositions(this.events[middle]!.position, after) <= 0) low = middle + 1;
      else high = middle;
    }
    return this.events.slice(low);
  }
}
