import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { REDIS_PROBE } from '../queue/queue.providers.js';

export const WINDOW_MS = 60_000;

/** What is counted: requests (the rate limit), refused keys, failed sign-ins. */
export type CountKind = 'rate' | 'auth-failures' | 'sign-in-failures';

/** A count in the current one-minute window, and the seconds until the next window begins. */
export interface WindowCount {
  count: number;
  retryAfterS: number;
}

/**
 * Counts per client and minute in Redis, so that every API replica shares the counts: the rate
 * limit's requests, and refused authentications. If Redis cannot count, the count is 0: the
 * limits protect the service, they must not take it down.
 */
@Injectable()
export class RequestCounter {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(REDIS_PROBE) private readonly redis: Redis,
  ) {}

  /** Adds one to `kind`'s count for `client` in this window (a minute unless told) and returns the new count. */
  async add(kind: CountKind, client: string, windowMs = WINDOW_MS): Promise<WindowCount> {
    const { bucket, retryAfterS } = this.window(kind, client, windowMs);
    const counted = await this.redis
      .multi()
      .incr(bucket)
      .pexpire(bucket, windowMs)
      .exec()
      .catch(() => null);
    return { count: Number(counted?.[0]?.[1] ?? 0), retryAfterS };
  }

  /** The count so far, without adding to it. */
  async read(kind: CountKind, client: string, windowMs = WINDOW_MS): Promise<WindowCount> {
    const { bucket, retryAfterS } = this.window(kind, client, windowMs);
    const value = await this.redis.get(bucket).catch(() => null);
    return { count: Number(value ?? 0), retryAfterS };
  }

  private window(kind: string, client: string, windowMs: number) {
    const window = Math.floor(Date.now() / windowMs);
    return {
      bucket: `${this.config.queuePrefix}:${kind}:${client}:${window}`,
      retryAfterS: Math.ceil(((window + 1) * windowMs - Date.now()) / 1000),
    };
  }
}
