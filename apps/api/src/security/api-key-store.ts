import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ShortCache } from '../common/short-cache.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import type { ApiKeyScope, StoredApiKey } from './api-keys.js';
import { hashApiKey } from './api-keys.js';

/** A managed key as the routes show it: never its secret, which exists only in the answer that created it. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  tenant: string;
  scope: ApiKeyScope;
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  tenant: string;
  scope: ApiKeyScope;
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** Keys created at run time carry this prefix, so a leaked one is recognisable (secret scanners, logs). */
export const MANAGED_KEY_PREFIX = 'atr_';

/** How long whether any key exists, and a key found by its hash, are remembered: a revocation takes effect within this. */
const KEY_CACHE_MS = 2_000;
/** last_used_at is written at most this often per key: a write per request would cost more than the request. */
const LAST_USED_EVERY_MS = 60_000;

const COLUMNS = 'id, name, tenant, scope, created_by, created_at, expires_at, last_used_at, revoked_at';
const ACTIVE = `revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`;

/**
 * The keys managed without a restart (`POST /api-keys`, `atropos keys create`), in the `api_keys`
 * table: only the SHA-256 of each secret is stored. Lookups are cached for a moment; every replica
 * sees a new or revoked key within KEY_CACHE_MS.
 */
@Injectable()
export class ApiKeyStore {
  private readonly logger = new Logger('ApiKeys');
  private readonly anyCache = new ShortCache<boolean>(KEY_CACHE_MS, 1);
  private readonly lookups = new ShortCache<StoredApiKey | null>(KEY_CACHE_MS);
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Whether a caller must present a key: one is configured in API_KEYS or stored and usable. */
  async keysConfigured(): Promise<boolean> {
    return this.config.apiKeys.length > 0 || this.anyActive();
  }

  /** Whether any stored key is usable (not revoked, not expired). */
  anyActive(): Promise<boolean> {
    return this.anyCache.get('any', async () => {
      const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM api_keys WHERE ${ACTIVE} LIMIT 1`);
      return rows.length > 0;
    });
  }

  /** The usable stored key whose secret is `candidate`, found by its hash (a unique index). */
  async find(candidate: string): Promise<StoredApiKey | undefined> {
    if (!candidate.startsWith(MANAGED_KEY_PREFIX)) return undefined;
    const hash = hashApiKey(candidate);
    const found = await this.lookups.get(hash.toString('hex'), async () => {
      const [row] = await this.dataSource.query<Array<Pick<ApiKeyRow, 'id' | 'name' | 'tenant' | 'scope'>>>(
        `SELECT id, name, tenant, scope FROM api_keys WHERE secret_hash = $1 AND ${ACTIVE}`,
        [hash],
      );
      return row ? { ...row, hash } : null;
    });
    if (found) this.noteUse(found.id);
    return found ?? undefined;
  }

  /** Creates a key; the secret is in the answer and nowhere else. */
  async create(input: {
    name: string;
    scope: ApiKeyScope;
    tenant: string;
    expiresAt: Date | null;
    createdBy: string;
  }): Promise<{ key: ApiKeyRecord; secret: string }> {
    const id = randomBytes(8).toString('hex');
    // 256 bits from the CSPRNG: nothing to guess, so an unsalted SHA-256 is a sound way to keep it.
    const secret = `${MANAGED_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const [row] = await this.dataSource.query<ApiKeyRow[]>(
      `INSERT INTO api_keys (id, name, tenant, scope, secret_hash, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [id, input.name, input.tenant, input.scope, hashApiKey(secret), input.createdBy, input.expiresAt],
    );
    this.anyCache.clear();
    return { key: present(row!), secret };
  }

  /** Keys newest first, of one tenant or (null) of all; revoked ones too, so their history stays readable. */
  async list(tenant: string | null): Promise<ApiKeyRecord[]> {
    const rows = await this.dataSource.query<ApiKeyRow[]>(
      `SELECT ${COLUMNS} FROM api_keys WHERE ($1::text IS NULL OR tenant = $1) ORDER BY created_at DESC, id DESC LIMIT 1000`,
      [tenant],
    );
    return rows.map(present);
  }

  /** Revokes a key at once (every replica stops accepting it within KEY_CACHE_MS); revoking it again changes nothing. */
  async revoke(id: string, tenant: string | null): Promise<ApiKeyRecord> {
    const [rows] = await this.dataSource.query<[ApiKeyRow[], number]>(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
        WHERE id = $1 AND ($2::text IS NULL OR tenant = $2) RETURNING ${COLUMNS}`,
      [id, tenant],
    );
    if (!rows[0]) throw new NotFoundException(`No API key with id ${id}`);
    this.anyCache.clear();
    this.lookups.clear();
    return present(rows[0]);
  }

  /** Records that a key was used, at most once a minute per key and never in the request's way. */
  private noteUse(id: string): void {
    const now = Date.now();
    if (now - (this.lastUsedWrites.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsedWrites.set(id, now);
    if (this.lastUsedWrites.size > 10_000) this.lastUsedWrites.clear();
    this.dataSource
      .query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [id])
      .catch((error: unknown) => this.logger.debug(`last_used_at of key ${id} not written: ${String(error)}`));
  }
}

function present(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    tenant: row.tenant,
    scope: row.scope,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at?.toISOString() ?? null,
    last_used_at: row.last_used_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}
