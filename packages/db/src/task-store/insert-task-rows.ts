import { TaskEntity } from '../task.entity.js';
import type { EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * Inserts new task rows in one multi-row `INSERT … RETURNING` and fills in what PostgreSQL
 * defaulted (status, timestamps, counters). TypeORM's `insert()` does the same but rebuilds and
 * hydrates its RETURNING through generic merges for every call (6 % of the API's CPU on
 * `POST /tasks`, profiled in bench/RESULTS.md). The column lists come from the entity's metadata, so a column added to
 * TaskEntity is written when set and read back when not, with no change here.
 */
export async function insertTaskRows(manager: EntityManager, tasks: TaskEntity[]): Promise<void> {
  const metadata = manager.dataSource.getMetadata(TaskEntity);
  const written = metadata.columns.filter((column) => tasks.some((task) => column.getEntityValue(task) !== undefined));
  const defaulted = metadata.columns.filter((column) => !written.includes(column));
  const values: unknown[] = [];
  const rows = tasks.map((task) => {
    const placeholders = written.map((column) => {
      const value = column.getEntityValue(task) as unknown;
      if (value === undefined) return 'DEFAULT';
      values.push(toParameter(column, value));
      return `$${values.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const names = (columns: ColumnMetadata[]) => columns.map((column) => `"${column.databaseName}"`).join(', ');
  const returned = await manager.query<Array<Record<string, unknown>>>(
    `INSERT INTO ${metadata.tablePath} (${names(written)}) VALUES ${rows.join(', ')}
     RETURNING ${names([...metadata.primaryColumns, ...defaulted])}`,
    values,
  );
  const byId = new Map(returned.map((row) => [row[metadata.primaryColumns[0]!.databaseName] as string, row]));
  for (const task of tasks) {
    const row = byId.get(task.id);
    for (const column of defaulted) column.setEntityValue(task, row?.[column.databaseName]);
  }
}

/** jsonb columns are sent as JSON text: `pg` would turn a JavaScript array into a PostgreSQL array. */
function toParameter(column: ColumnMetadata, value: unknown): unknown {
  return column.type === 'jsonb' || column.type === 'json' ? JSON.stringify(value) : value;
}
