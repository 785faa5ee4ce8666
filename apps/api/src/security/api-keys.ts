import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What a key may do: read (GET), write (also create, cancel, retry, delete tasks), admin (also
 * queue control and GET /metrics); and apart from those, worker: only take and report tasks over
 * the worker protocol (`/worker/…`), which is all a worker in another language needs; and metrics:
 * only GET /metrics, a key for Prometheus.
 */
export const API_KEY_SCOPES = ['read', 'write', 'admin', 'worker', 'metrics'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
/** The scopes that include each other, smallest first. */
const LEVELS: readonly ApiKeyScope[] = ['read', 'write', 'admin'];

/** A configured key, kept only as a hash; `id` (a hash prefix) names it in logs and rate limits. */
export interface StoredApiKey {
  id: string;
  scope: ApiKeyScope;
  hash: Buffer;
}

const hash = (key: string) => createHash('sha256').update(key).digest();

/**
 * Parses API_KEYS: comma-separated `scope:key` entries, e.g. `admin:9f3c…,read:77ab…`. Keys must be
 * at least 16 characters. Throws a message naming the bad entry.
 */
export function parseApiKeys(value: string): StoredApiKey[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const separator = entry.indexOf(':');
      const scope = entry.slice(0, separator) as ApiKeyScope;
      const key = entry.slice(separator + 1);
      if (separator < 0 || !API_KEY_SCOPES.includes(scope)) {
        throw new Error(`entry ${index + 1} must be <scope>:<key> with scope ${API_KEY_SCOPES.join(', ')}`);
      }
      if (key.length < 16) throw new Error(`entry ${index + 1}: the key must be at least 16 characters`);
      const digest = hash(key);
      return { id: digest.toString('hex').slice(0, 8), scope, hash: digest };
    });
}

/**
 * The stored key matching `candidate`, compared in constant time: every stored hash is compared
 * in full, so the time taken does not tell how much of a guess was right or which key it hit.
 */
export function findApiKey(keys: StoredApiKey[], candidate: string): StoredApiKey | undefined {
  const digest = hash(candidate);
  let found: StoredApiKey | undefined;
  for (const key of keys) if (timingSafeEqual(key.hash, digest) && !found) found = key;
  return found;
}

/**
 * read < write < admin; a worker key may use the worker protocol only, a metrics key GET /metrics
 * only, and an admin key both.
 */
export function scopeAllows(granted: ApiKeyScope, needed: ApiKeyScope): boolean {
  if (needed === 'worker' || needed === 'metrics') return granted === needed || granted === 'admin';
  if (granted === 'worker' || granted === 'metrics') return false;
  return LEVELS.indexOf(granted) >= LEVELS.indexOf(needed);
}
