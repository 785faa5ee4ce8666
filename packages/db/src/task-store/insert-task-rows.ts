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
  const names = (columns: ColumnMetadata[]) => columns.map((column) => `"${column.databaseName}"`).join(', ');
  // Every task sets the same columns (as every creator builds them, newTaskEntity): one array per
  // column. A batch of 500 was one VALUES list of ~9,500 parameters, which PostgreSQL parsed and
  // analysed cell by cell and the driver sent one by one; as ~19 arrays it is a statement of
  // constant size. A column some tasks leave to its default needs DEFAULT per row: the VALUES list.
  const uniform = written.every((column) => tasks.every((task) => column.getEntityValue(task) !== undefined));
  const rows = uniform ? columnArrays(manager, tasks, written) : valuesList(tasks, written);
  const returned = await manager.query<Array<Record<string, unknown>>>(
    `INSERT INTO ${metadata.tablePath} (${names(written)}) ${rows.sql}
     RETURNING ${names([...metadata.primaryColumns, ...defaulted])}`,
    rows.parameters,
  );
  const byId = new Map(returned.map((row) => [row[metadata.primaryColumns[0]!.databaseName] as string, row]));
  for (const task of tasks) {
    const row = byId.get(task.id);
    for (const column of defaulted) column.setEntityValue(task, row?.[column.databaseName]);
  }
}

/** The rows of an INSERT: its source clause and the parameters that clause refers to. */
interface InsertRows {
  sql: string;
  parameters: unknown[];
}

/** `SELECT * FROM unnest(…)` of one array per written column: every task sets each of them. */
function columnArrays(manager: EntityManager, tasks: TaskEntity[], written: ColumnMetadata[]): InsertRows {
  const driver = manager.dataSource.driver;
  const arrays = written.map((column, index) => {
    const type = column.type === 'enum' ? `"${column.enumName!}"` : driver.normalizeType(column);
    return `$${index + 1}::${type}[]`;
  });
  return {
    sql: `SELECT * FROM unnest(${arrays.join(', ')})`,
    parameters: written.map((column) => tasks.map((task) => toParameter(column, column.getEntityValue(task)))),
  };
}

/** A multi-row VALUES list, DEFAULT where a task leaves a column undefined. */
function valuesList(tasks: TaskEntity[], written: ColumnMetadata[]): InsertRows {
  const parameters: unknown[] = [];
  const rows = tasks.map((task) => {
    const placeholders = written.map((column) => {
      const value = column.getEntityValue(task) as unknown;
      if (value === undefined) return 'DEFAULT';
      parameters.push(toParameter(column, value));
      return `$${parameters.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  return { sql: `VALUES ${rows.join(', ')}`, parameters };
}

/** jsonb columns are sent as JSON text: `pg` would turn a JavaScript array into a PostgreSQL array. */
function toParameter(column: ColumnMetadata, value: unknown): unknown {
  return column.type === 'jsonb' || column.type === 'json' ? JSON.stringify(value) : value;
}
