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

/** The tenant of everything an API without keys holds, and of a key configured without one. */
export const DEFAULT_TENANT = 'default';

/** Tenant names: lower-case letters, digits, `_` and `-`, as they appear in URLs, logs and keys. */
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * A key, kept only as a hash. `id` names it in logs, rate limits and the audit log (for a key of
 * API_KEYS a hash prefix, for a key created at run time its random id); `name` is for people.
 */
export interface StoredApiKey {
  id: string;
  name: string;
  scope: ApiKeyScope;
  tenant: string;
  hash: Buffer;
}

/**
 * SHA-256, unsalted: an API key is a long random token, not a password a person chose, so a fast
 * hash already makes it infeasible to recover from a leaked hash (no dictionary to try), and a
 * lookup by hash stays one index probe. Passwords need a slow, salted function; keys do not.
 */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest();

/**
 * Parses API_KEYS: comma-separated `scope:key` or `scope@tenant:key` entries, e.g.
 * `admin:9f3c…,write@acme:77ab…`; a key without a tenant belongs to `default`. Keys must be at
 * least 16 characters. Throws a message naming the bad entry.
 */
export function parseApiKeys(value: string): StoredApiKey[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const separator = entry.indexOf(':');
      const [scope, tenant = DEFAULT_TENANT] = entry.slice(0, Math.max(separator, 0)).split('@') as [ApiKeyScope, string?];
      const key = entry.slice(separator + 1);
      if (separator < 0 || !API_KEY_SCOPES.includes(scope)) {
        throw new Error(`entry ${index + 1} must be <scope>:<key> or <scope>@<tenant>:<key> with scope ${API_KEY_SCOPES.join(', ')}`);
      }
      if (!TENANT_PATTERN.test(tenant)) {
        throw new Error(`entry ${index + 1}: the tenant must be 1–64 lower-case letters, digits, _ or -, starting with a letter or digit`);
      }
      if (key.length < 16) throw new Error(`entry ${index + 1}: the key must be at least 16 characters`);
      const digest = hashApiKey(key);
      const id = digest.toString('hex').slice(0, 8);
      return { id, name: `env:${id}`, scope, tenant, hash: digest };
    });
}

/**
 * The stored key matching `candidate`, compared in constant time: every stored hash is compared
 * in full, so the time taken does not tell how much of a guess was right or which key it hit.
 */
export function findApiKey(keys: StoredApiKey[], candidate: string): StoredApiKey | undefined {
  const digest = hashApiKey(candidate);
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
