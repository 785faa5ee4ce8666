import { isPostgresUnavailable, storableJson, storableText, storableTextOrNull, WriteCoalescer } from '@atropos/db';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryRunner } from 'typeorm';
import type { AuditEntry, AuditQuery } from './audit.schemas.js';

/** One change (or refused authentication) to record. */
export interface AuditRecord {
  actorKeyId: string | null;
  actor: string;
  tenant: string | null;
  action: string;
  target: string | null;
  status: number;
  sourceIp: string | null;
  requestId: string | null;
  detail: Record<string, unknown> | null;
}

/** The columns `record` fills, in the order of its values. */
const COLUMNS = ['actor_key_id', 'actor', 'tenant', 'action', 'target', 'status', 'source_ip', 'request_id', 'detail'] as const;

interface AuditRow {
  id: string;
  at: Date;
  actor_key_id: string | null;
  actor: string;
  tenant: string | null;
  action: string;
  target: string | null;
  status: number;
  source_ip: string | null;
  request_id: string | null;
  detail: Record<string, unknown> | null;
}

/**
 * The `audit_log` table: rows are inserted after each audited request has been answered (so the
 * log never slows or fails a request; a row that cannot be written is logged instead), read by
 * `GET /audit`, and deleted by the retention sweep after AUDIT_RETENTION_DAYS.
 */
@Injectable()
export class AuditLogService {
  private readonly logger = new Logger('Audit');

  /**
   * Rows of concurrent requests go to PostgreSQL together (one INSERT of many rows): one round trip per
   * request was the largest cost the audit added to `POST /tasks` under load.
   */
  private readonly inserts = new WriteCoalescer<unknown[], void>({
    writeMany: async (rows) => {
      const placeholders = rows.map((_, row) => `(${COLUMNS.map((__, column) => `$${row * COLUMNS.length + column + 1}`).join(', ')})`);
      await this.dataSource.query(`INSERT INTO audit_log (${COLUMNS.join(', ')}) VALUES ${placeholders.join(', ')}`, rows.flat());
      return rows.map(() => undefined);
    },
    failsEveryItem: isPostgresUnavailable,
    maxGroupSize: 500,
  });

  constructor(private readonly dataSource: DataSource) {}

  record(entry: AuditRecord): void {
    this.inserts
      .write([
        entry.actorKeyId,
        // What a caller sent (a path parameter) may hold what PostgreSQL cannot store (a NUL):
        // such characters are replaced, so that a hostile request is recorded all the same.
        storableText(entry.actor).slice(0, 120),
        entry.tenant,
        storableText(entry.action).slice(0, 64),
        storableTextOrNull(entry.target)?.slice(0, 300) ?? null,
        entry.status,
        entry.sourceIp?.slice(0, 64) ?? null,
        storableTextOrNull(entry.requestId)?.slice(0, 128) ?? null,
        entry.detail === null ? null : storableJson(entry.detail, 'The audit detail'),
      ])
      .catch((error: unknown) =>
        this.logger.error(`Audit entry not written (${entry.action} by ${entry.actor} on ${entry.target ?? '-'}): ${String(error)}`),
      );
  }

  /** Newest first, filtered, paged by the id of the last entry of the previous page. */
  async list(query: AuditQuery): Promise<{ data: AuditEntry[]; next_cursor: string | null }> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (query.tenant !== undefined) where('tenant = ?', query.tenant);
    if (query.action !== undefined) where('action = ?', query.action);
    if (query.actor !== undefined) where('? IN (actor, actor_key_id)', query.actor);
    if (query.target !== undefined) where('target = ?', query.target);
    if (query.after !== undefined) where('at >= ?', query.after);
    if (query.before !== undefined) where('at < ?', query.before);
    if (query.cursor !== undefined) where('id < ?', query.cursor);
    values.push(query.limit + 1);
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT id::text, at, actor_key_id, actor, tenant, action, target, status, source_ip, request_id, detail FROM audit_log
        ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT $${values.length}`,
      values,
    );
    const page = rows.slice(0, query.limit);
    return {
      data: page.map((row) => ({ ...row, at: row.at.toISOString() })),
      next_cursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  /** Deletes entries older than `cutoff`, `limit` at a time; returns how many it deleted. */
  async expire(runner: QueryRunner, cutoff: Date, limit: number): Promise<number> {
    const result = await runner.query(
      `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < $1 ORDER BY id LIMIT $2)`,
      [cutoff, limit],
      true,
    );
    return result.affected ?? 0;
  }
}
