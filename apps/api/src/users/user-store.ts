import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ShortCache } from '../common/short-cache.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import type { Caller } from '../security/caller.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import type { UserRole } from './users.js';
import { ROLE_SCOPES, SESSION_TOKEN_PREFIX } from './users.js';

/** A user as the routes show it: never the password hash. */
export interface UserRecord {
  id: string;
  email: string;
  role: UserRole;
  tenant: string;
  created_by: string | null;
  created_at: string;
  disabled_at: string | null;
}

interface UserRow {
  id: string;
  email: string;
  role: UserRole;
  tenant: string;
  created_by: string | null;
  created_at: Date;
  disabled_at: Date | null;
}

const COLUMNS = 'id, email, role, tenant, created_by, created_at, disabled_at';
/** Ids start with `usr_`: they share the audit log's and the rate limit's key-id column with API keys. */
const newUserId = () => `usr_${randomBytes(6).toString('hex')}`;
const hashToken = (token: string) => createHash('sha256').update(token).digest();

/** How long a session found by its token is remembered: a revocation on another replica takes effect within this. */
const SESSION_CACHE_MS = 2_000;
/** last_seen_at is written at most this often per session. */
const LAST_SEEN_EVERY_MS = 60_000;

/**
 * The `users` and `user_sessions` tables. A session token is 256 random bits, kept only as its
 * SHA-256 (as API keys are: nothing to guess, so a fast hash is enough); it works until it
 * expires, is revoked (sign-out, an admin) or its user is disabled.
 */
@Injectable()
export class UserStore {
  private readonly logger = new Logger('Users');
  private readonly anyCache = new ShortCache<boolean>(SESSION_CACHE_MS, 1);
  private readonly sessions = new ShortCache<(Caller & { sessionId: string }) | null>(SESSION_CACHE_MS);
  private readonly lastSeenWrites = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Whether anyone can sign in: then the API asks every caller who they are, as it does once it has keys. */
  anyActive(): Promise<boolean> {
    return this.anyCache.get('any', async () => {
      const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM users WHERE disabled_at IS NULL LIMIT 1`);
      return rows.length > 0;
    });
  }

  async create(input: { email: string; password: string; role: UserRole; tenant: string; createdBy: string }): Promise<UserRecord> {
    const hash = await hashPassword(input.password);
    const rows = await this.dataSource.query<UserRow[]>(
      `INSERT INTO users (id, email, role, tenant, password_hash, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ((lower(email))) DO NOTHING RETURNING ${COLUMNS}`,
      [newUserId(), input.email, input.role, input.tenant, hash, input.createdBy],
    );
    if (!rows[0]) throw new ConflictException(`A user with the email ${input.email} exists already`);
    this.anyCache.clear();
    return present(rows[0]);
  }

  /**
   * The first admin, from ADMIN_EMAIL and ADMIN_PASSWORD, if there is no user at all yet (on every
   * start, so a fresh database gets one; once people exist, the environment changes nothing).
   */
  async createFirstAdmin(email: string, password: string, tenant: string): Promise<UserRecord | null> {
    if ((await this.dataSource.query<unknown[]>(`SELECT 1 FROM users LIMIT 1`)).length > 0) return null;
    try {
      return await this.create({ email, password, role: 'admin', tenant, createdBy: 'env:ADMIN_EMAIL' });
    } catch (error) {
      if (error instanceof ConflictException) return null; // another replica made it first
      throw error;
    }
  }

  async list(tenant: string | null): Promise<UserRecord[]> {
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT ${COLUMNS} FROM users WHERE ($1::text IS NULL OR tenant = $1) ORDER BY created_at, id LIMIT 1000`,
      [tenant],
    );
    return rows.map(present);
  }

  /** Changes a user's role, password or whether they are disabled; disabling ends their sessions at once. */
  async update(id: string, tenant: string | null, change: { role?: UserRole; password?: string; disabled?: boolean }): Promise<UserRecord> {
    const hash = change.password === undefined ? null : await hashPassword(change.password);
    const [rows] = await this.dataSource.query<[UserRow[], number]>(
      `UPDATE users SET role = coalesce($3, role), password_hash = coalesce($4, password_hash),
              disabled_at = CASE WHEN $5::boolean IS NULL THEN disabled_at WHEN $5 THEN coalesce(disabled_at, now()) ELSE NULL END
        WHERE id = $1 AND ($2::text IS NULL OR tenant = $2) RETURNING ${COLUMNS}`,
      [id, tenant, change.role ?? null, hash, change.disabled ?? null],
    );
    if (!rows[0]) throw new NotFoundException(`No user with id ${id}`);
    // A new password or role, or disabling, ends the sessions made before it.
    if (change.password !== undefined || change.disabled === true || change.role !== undefined) await this.revokeSessions(id, tenant);
    this.anyCache.clear();
    this.sessions.clear();
    return present(rows[0]);
  }

  /** Ends every session of a user; returns how many were open. */
  async revokeSessions(userId: string, tenant: string | null): Promise<number> {
    const [user] = await this.dataSource.query<unknown[]>(`SELECT 1 FROM users WHERE id = $1 AND ($2::text IS NULL OR tenant = $2)`, [
      userId,
      tenant,
    ]);
    if (!user) throw new NotFoundException(`No user with id ${userId}`);
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE user_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [userId],
    );
    this.sessions.clear();
    return count;
  }

  /**
   * The user whose email and password these are, if they may sign in. An unknown email costs as
   * much time as a wrong password (a decoy hash is verified), so the timing tells nothing.
   */
  async checkPassword(email: string, password: string): Promise<UserRecord | null> {
    const [row] = await this.dataSource.query<Array<UserRow & { password_hash: string | null }>>(
      `SELECT ${COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1)`,
      [email],
    );
    const matches = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
    return row && matches && row.disabled_at === null ? present(row) : null;
  }

  /** The enabled user with this email (single sign-on has proved who they are). */
  async findActiveByEmail(email: string): Promise<UserRecord | null> {
    const [row] = await this.dataSource.query<UserRow[]>(
      `SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL`,
      [email],
    );
    return row ? present(row) : null;
  }

  /** Opens a session for a signed-in user: the token is in the answer and nowhere else. */
  async openSession(user: UserRecord, sourceIp: string | null): Promise<{ token: string; expiresAt: Date }> {
    const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + this.config.sessionTtlMs);
    await this.dataSource.query(`INSERT INTO user_sessions (id, user_id, token_hash, expires_at, source_ip) VALUES ($1, $2, $3, $4, $5)`, [
      randomBytes(8).toString('hex'),
      user.id,
      hashToken(token),
      expiresAt,
      sourceIp?.slice(0, 64) ?? null,
    ]);
    return { token, expiresAt };
  }

  /** The caller a session token stands for, if the session is open and its user enabled. */
  async findSession(token: string): Promise<(Caller & { sessionId: string }) | undefined> {
    if (!token.startsWith(SESSION_TOKEN_PREFIX)) return undefined;
    const hash = hashToken(token);
    const found = await this.sessions.get(hash.toString('hex'), async () => {
      const [row] = await this.dataSource.query<Array<{ session_id: string; id: string; email: string; role: UserRole; tenant: string }>>(
        `SELECT s.id AS session_id, u.id, u.email, u.role, u.tenant FROM user_sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
        [hash],
      );
      if (!row) return null;
      return {
        keyId: row.id,
        keyName: row.email,
        scope: ROLE_SCOPES[row.role],
        tenant: row.tenant,
        sessionId: row.session_id,
        role: row.role,
      };
    });
    if (found) this.noteSeen(found.sessionId);
    return found ?? undefined;
  }

  /** Ends one session (sign-out); ending it again changes nothing. */
  async revokeSession(sessionId: string): Promise<void> {
    await this.dataSource.query(`UPDATE user_sessions SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1`, [sessionId]);
    this.sessions.clear();
  }

  private noteSeen(sessionId: string): void {
    const now = Date.now();
    if (now - (this.lastSeenWrites.get(sessionId) ?? 0) < LAST_SEEN_EVERY_MS) return;
    this.lastSeenWrites.set(sessionId, now);
    if (this.lastSeenWrites.size > 10_000) this.lastSeenWrites.clear();
    this.dataSource
      .query(`UPDATE user_sessions SET last_seen_at = now() WHERE id = $1`, [sessionId])
      .catch((error: unknown) => this.logger.debug(`last_seen_at of session ${sessionId} not written: ${String(error)}`));
  }
}

function present(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    tenant: row.tenant,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    disabled_at: row.disabled_at?.toISOString() ?? null,
  };
}
