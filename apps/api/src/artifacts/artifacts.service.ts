import { TaskArtifactEntity } from '@atropos/db';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ArtifactView } from '../tasks/task.schemas.js';

/** The artifacts tasks saved (task_artifacts); the worker writes them, the API only reads. */
@Injectable()
export class ArtifactsService {
  constructor(private readonly dataSource: DataSource) {}

  /** What a task saved, without the content. */
  async list(taskId: string): Promise<ArtifactView[]> {
    const rows = await this.dataSource.getRepository(TaskArtifactEntity).find({
      select: { taskId: true, name: true, contentType: true, sizeBytes: true, createdAt: true },
      where: { taskId },
      order: { createdAt: 'ASC', name: 'ASC' },
    });
    return rows.map((row) => ({
      name: row.name,
      content_type: row.contentType,
      size_bytes: row.sizeBytes,
      created_at: row.createdAt.toISOString(),
      url: artifactUrl(taskId, row.name),
    }));
  }

  /** One artifact with its content; 404 naming what is missing (the task, or the artifact). */
  async get(taskId: string, name: string): Promise<TaskArtifactEntity> {
    const artifact = await this.dataSource.getRepository(TaskArtifactEntity).findOneBy({ taskId, name });
    if (artifact) return artifact;
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
}

export function artifactUrl(taskId: string, name: string): string {
  return `/tasks/${taskId}/artifacts/${encodeURIComponent(name)}`;
}
