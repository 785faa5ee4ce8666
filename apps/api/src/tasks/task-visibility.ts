import { NotFoundException } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/**
 * 404 unless task `id` exists and `tenant` may see it (null: any tenant). For the routes that read
 * what belongs to a task (artifacts, logs) without loading the task itself: a task of another
 * tenant is answered as one that does not exist.
 */
export async function requireVisibleTask(dataSource: DataSource, id: string, tenant: string | null): Promise<void> {
  if (tenant === null) return;
  const rows = await dataSource.query<unknown[]>(`SELECT 1 FROM tasks WHERE id = $1 AND tenant = $2`, [id, tenant]);
  if (rows.length === 0) throw new NotFoundException(`No task with id ${id}`);
}
