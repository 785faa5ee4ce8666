import type { TaskLogLevel, TaskLogLine } from '@atropos/observability';
import { createRedisClient, taskLogsChannel } from '@atropos/queue';
import type { MessageEvent, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Observable, Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { ApiMetrics } from './api-metrics.js';

export interface LogFilters {
  attempt?: number;
  level?: TaskLogLevel[];
}

interface LogRow {
  id: string;
  task_id: string;
  attempt: number;
  level: TaskLogLevel;
  message: string;
  fields: Record<string, unknown> | null;
  created_at: Date;
}

/** Lines read per query while a stream catches up on what was stored before it opened. */
const CATCH_UP_PAGE = 1_000;

/**
 * Each attempt's log: pages of it from PostgreSQL, and the live stream of it, which catches up on
 * the stored lines and then passes on what workers announce over Redis. One Redis subscription
 * per API process serves every stream, opened with the first and kept.
 */
@Injectable()
export class TaskLogsService implements OnApplicationShutdown {
  private readonly logger = new Logger('TaskLogs');
  private subscriber: Redis | null = null;
  private readonly published = new Subject<TaskLogLine[]>();

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
    private readonly metrics: ApiMetrics,
  ) {}

  /** One page, oldest first, after `cursor`; 404 when the task does not exist. */
  async page(taskId: string, filters: LogFilters, cursor: string | undefined, limit: number) {
    await this.requireTask(taskId);
    const lines = await this.read(taskId, filters, cursor, limit + 1);
    const more = lines.length > limit;
    const data = more ? lines.slice(0, limit) : lines;
    return { data, next_cursor: more ? data[data.length - 1]!.id : null };
  }

  /**
   * The lines after `after`, then every new one as it is stored, as `log` events (`data`:
   * `{lines: [...]}`, `id`: the last line's id, which EventSource sends back as Last-Event-ID when
   * it reconnects). Lines announced while the stored ones are read are held and sent after them,
   * each line once.
   */
  async stream(taskId: string, filters: LogFilters, after: string | undefined): Promise<Observable<MessageEvent>> {
    await this.requireTask(taskId);
    this.subscribe();
    return new Observable<MessageEvent>((subscriber) => {
      this.metrics.sseClients.inc({ stream: 'task_logs' });
      let last = BigInt(after ?? '0');
      let held: TaskLogLine[] | null = [];
      const send = (lines: TaskLogLine[]) => {
        const fresh = lines.filter((line) => BigInt(line.id) > last);
        if (fresh.length === 0) return;
        last = BigInt(fresh[fresh.length - 1]!.id);
        subscriber.next({ type: 'log', id: String(last), data: { lines: fresh } });
      };
      const live = this.published.subscribe((batch) => {
        const mine = batch.filter((line) => line.task_id === taskId && matches(line, filters));
        if (mine.length === 0) return;
        if (held) held.push(...mine);
        else send(mine);
      });
      void (async () => {
        for (;;) {
          const page = await this.read(taskId, filters, String(last), CATCH_UP_PAGE);
          send(page);
          if (page.length < CATCH_UP_PAGE) break;
        }
        const waiting = held;
        held = null;
        send(waiting.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)));
      })().catch((error: unknown) => subscriber.error(error));
      return () => {
        live.unsubscribe();
        this.metrics.sseClients.dec({ stream: 'task_logs' });
      };
    });
  }

  onApplicationShutdown(): void {
    this.published.complete();
    this.subscriber?.disconnect();
  }

  private subscribe(): void {
    if (this.subscriber) return;
    const subscriber = createRedisClient(this.config.redisUrl, { lazyConnect: true });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, raw: string) => {
      if (!this.published.observed) return;
      try {
        const lines = JSON.parse(raw) as TaskLogLine[];
        if (Array.isArray(lines)) this.published.next(lines);
      } catch {
        // Not ours to read.
      }
    });
    subscriber.subscribe(taskLogsChannel(this.config.queuePrefix)).catch((error: unknown) => {
      this.logger.warn(`Live task logs unavailable until Redis answers: ${String(error)}`);
    });
  }

  private async requireTask(taskId: string): Promise<void> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM tasks WHERE id = $1`, [taskId]);
    if (rows.length === 0) throw new NotFoundException(`No task with id ${taskId}`);
  }

  private async read(taskId: string, filters: LogFilters, after: string | undefined, limit: number): Promise<TaskLogLine[]> {
    const parameters: unknown[] = [taskId, after ?? '0', limit];
    let where = '';
    if (filters.attempt !== undefined) {
      parameters.push(filters.attempt);
      where += ` AND attempt = $${parameters.length}`;
    }
    if (filters.level) {
      parameters.push(filters.level);
      where += ` AND level = ANY($${parameters.length}::varchar[])`;
    }
    const rows = await this.dataSource.query<LogRow[]>(
      `SELECT id::text AS id, task_id, attempt, level, message, fields, created_at FROM task_logs
        WHERE task_id = $1 AND id > $2::bigint${where}
        ORDER BY task_logs.id LIMIT $3`,
      parameters,
    );
    return rows.map((row) => ({
      id: row.id,
      task_id: row.task_id,
      attempt: row.attempt,
      level: row.level,
      message: row.message,
      fields: row.fields,
      time: row.created_at.toISOString(),
    }));
  }
}

function matches(line: TaskLogLine, filters: LogFilters): boolean {
  return (filters.attempt === undefined || line.attempt === filters.attempt) && (!filters.level || filters.level.includes(line.level));
}
