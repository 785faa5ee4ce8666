import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestQueue {
  prefix: string;
  redisUrl: string;
  redis: Redis;
  /** Deletes every key under the prefix and disconnects. */
  cleanUp(): Promise<void>;
}

/** A Redis key prefix of its own for one test file, so tests never see each other's jobs. */
export function createTestQueue(): TestQueue {
  const prefix = `atropos-test-${randomBytes(6).toString('hex')}`;
  const redis = new Redis(REDIS_URL);
  return {
    prefix,
    redisUrl: REDIS_URL,
    redis,
    async cleanUp() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}
