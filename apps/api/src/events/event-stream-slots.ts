import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Counts the event streams open on this API process, in all and per client, and refuses one past
 * either cap with a 429. Each stream holds a socket and a subscription for as long as the client
 * keeps it open: without a cap, one client (or many) could open them until the process runs out
 * of sockets or memory.
 */
export class EventStreamSlots {
  private total = 0;
  private readonly byClient = new Map<string, number>();

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerClient: number,
  ) {}

  /** Takes a slot for `client`, or throws a 429; the function returned gives it back (once). */
  acquire(client: string): () => void {
    const held = this.byClient.get(client) ?? 0;
    if (held >= this.maxPerClient) {
      throw new HttpException(
        `Too many event streams: this client already has ${held} open (at most ${this.maxPerClient}, SSE_MAX_CONNECTIONS_PER_KEY); close one first`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (this.total >= this.maxTotal) {
      throw new HttpException(
        `Too many event streams: this API serves ${this.total} already (at most ${this.maxTotal}, SSE_MAX_CONNECTIONS); try again later`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.total++;
    this.byClient.set(client, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byClient.get(client) ?? 1) - 1;
      if (left === 0) this.byClient.delete(client);
      else this.byClient.set(client, left);
    };
  }

  /** Streams open right now, in all. */
  get open(): number {
    return this.total;
  }
}
