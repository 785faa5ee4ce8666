import type { Pool, PoolClient } from 'pg';

/**
 * Request collapsing for reads. Under load many requests ask for the very same statement at once
 * (every dashboard of a tenant polling the first page of its list), and on the 2-core machines we
 * run on each round trip to PostgreSQL costs more CPU than the rest of the request (see
 * bench/RESULTS.md). Those are sent once: a read asks for its connection only at the end of the
 * current event-loop turn (as WriteCoalescer's writes do), and until its statement has a
 * connection every read with the same key joins it and gets the same answer. A read therefore
 * only ever shares a statement that started after it was asked, so it sees every write
 * acknowledged before it: collapsing never serves stale rows. Alone, a read waits one turn.
 */
export class ReadCollapser {
  private readonly waiting = new Map<string, Promise<unknown>>();

  constructor(private readonly pool: Pool) {}

  /**
   * `run`'s answer for `key`, run on a pooled connection, or the answer of an identical read that
   * is still waiting for one. `key` must name everything the answer depends on (the statement's
   * text and values); `run` must not keep the client.
   */
  read<T>(key: string, run: (client: PoolClient) => Promise<T>): Promise<T> {
    const joinable = this.waiting.get(key) as Promise<T> | undefined;
    if (joinable) return joinable;
    const free = () => {
      if (this.waiting.get(key) === answer) this.waiting.delete(key);
    };
    const answer: Promise<T> = (async () => {
      let client: PoolClient;
      try {
        await new Promise((resolve) => setImmediate(resolve));
        client = await this.pool.connect();
      } finally {
        free();
      }
      try {
        const result = await run(client);
        client.release();
        return result;
      } catch (error) {
        // As pg's own pool.query: a connection whose statement failed is not given to anyone else.
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    })();
    this.waiting.set(key, answer);
    return answer;
  }
}
