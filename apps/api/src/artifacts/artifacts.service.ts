import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { iso } from '../tasks/task-view-sql.js';

/**
 * Bytes per read of an artifact being downloaded. Each chunk is one short query (the column is
 * stored EXTERNAL, uncompressed, so PostgreSQL reads just that slice), so a download holds no
 * connection between chunks and the API never holds more than a chunk per download in memory.
 */
export const DOWNLOAD_CHUNK_BYTES = 256 * 1024;

/** What a download needs before its first byte: the headers, and the row version its chunks must come from. */
export interface ArtifactDownload {
  taskId: string;
  name: string;
  contentType: string;
  length: number;
  /** The row's version (xmin): a retry replacing the artifact mid-download changes it. */
  version: string;
}

/**
 * The artifacts of the task aliased `task`, as `GET /tasks/{id}` lists them (ArtifactView, oldest
 * first), as a JSON expression for the task's own query. The url is written as `artifactUrl` writes
 * it: artifact names hold only characters `encodeURIComponent` leaves as they are.
 */
export const ARTIFACT_LIST_SQL = `COALESCE((
  SELECT json_agg(json_build_object('name', a.name, 'content_type', a.content_type, 'size_bytes', a.size_bytes,
                                    'created_at', ${iso('a.created_at')}, 'url', '/tasks/' || a.task_id || '/artifacts/' || a.name)
                  ORDER BY a.created_at, a.name)
    FROM task_artifacts a WHERE a.task_id = task.id), '[]'::json)`;

/** The artifacts tasks saved (task_artifacts); the worker writes them, the API only reads. */
@Injectable()
export class ArtifactsService {
  constructor(private readonly dataSource: DataSource) {}

  /** One artifact's headers, without its content; 404 naming what is missing (the task, or the artifact). */
  async describe(taskId: string, name: string): Promise<ArtifactDownload> {
    const [artifact] = await this.dataSource.query<Array<{ content_type: string; length: number; version: string }>>(
      `SELECT content_type, octet_length(content) AS length, xmin::text AS version
         FROM task_artifacts WHERE task_id = $1 AND name = $2`,
      [taskId, name],
    );
    if (artifact) return { taskId, name, contentType: artifact.content_type, length: artifact.length, version: artifact.version };
    // Only a miss pays for the names the 404 lists.
    const [task] = await this.dataSource.query<Array<{ names: string[] }>>(
      `SELECT coalesce(array_agg(a.name ORDER BY a.name) FILTER (WHERE a.name IS NOT NULL), '{}') AS names
         FROM tasks t LEFT JOIN task_artifacts a ON a.task_id = t.id
        WHERE t.id = $1 GROUP BY t.id`,
      [taskId],
    );
    if (!task) throw new NotFoundException(`No task with id ${taskId}`);
    const known = task.names.length > 0 ? `its artifacts are ${task.names.join(', ')}` : 'it has none';
    throw new NotFoundException(`Task ${taskId} has no artifact named ${JSON.stringify(name)}; ${known}`);
  }

  /**
   * The content, a chunk at a time, all from the version described: an artifact replaced (by a
   * retry) or deleted mid-download ends the stream with an error rather than mixing two files.
   */
  async *content(download: ArtifactDownload): AsyncGenerator<Buffer> {
    for (let offset = 0; offset < download.length; offset += DOWNLOAD_CHUNK_BYTES) {
      const [row] = await this.dataSource.query<Array<{ chunk: Buffer }>>(
        `SELECT substring(content FROM $3 FOR $4) AS chunk FROM task_artifacts
          WHERE task_id = $1 AND name = $2 AND xmin::text = $5`,
        [download.taskId, download.name, offset + 1, DOWNLOAD_CHUNK_BYTES, download.version],
      );
      if (!row) throw new Error(`Artifact ${JSON.stringify(download.name)} of task ${download.taskId} changed during its download`);
      yield row.chunk;
    }
  }
}

export function artifactUrl(taskId: string, name: string): string {
  return `/tasks/${taskId}/artifacts/${encodeURIComponent(name)}`;
}
