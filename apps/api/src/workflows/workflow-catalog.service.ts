import { WorkflowDefinitionEntity } from '@atropos/db';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invalidRequest } from '../common/validation.js';
import { TaskTypesService } from '../task-types/task-types.service.js';
import type { WorkflowDefinition } from './workflow-definitions.js';
import { validateWorkflowDefinition, WORKFLOW_DEFINITIONS } from './workflow-definitions.js';

export interface WorkflowVersion {
  version: number;
  definition: WorkflowDefinition;
  createdAt: Date;
}

/**
 * The versions of every workflow's definition, in `workflow_definitions`. The config file seeds
 * them at start (a workflow whose definition differs from its latest version gets a new one);
 * `PUT /workflows/{name}` adds versions checked as the file is. A run keeps the version it started
 * with (and a copy of its steps), so a new version never changes a run under way.
 */
@Injectable()
export class WorkflowCatalogService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Workflows');

  constructor(
    @Inject(WORKFLOW_DEFINITIONS) private readonly fromFile: WorkflowDefinition[],
    private readonly dataSource: DataSource,
    private readonly types: TaskTypesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const workflow of this.fromFile) {
      const { version, created } = await this.save(workflow);
      if (created) this.logger.log(`Workflow ${workflow.name}: version ${version} from the config file`);
    }
  }

  /** The latest version of every workflow, by name. */
  async list(): Promise<Array<WorkflowVersion & { name: string }>> {
    const rows = await this.dataSource.query<Array<{ name: string; version: number; definition: WorkflowDefinition; created_at: Date }>>(
      `SELECT DISTINCT ON (name) name, version, definition, created_at FROM workflow_definitions ORDER BY name, version DESC`,
    );
    return rows.map((row) => ({ name: row.name, version: row.version, definition: row.definition, createdAt: row.created_at }));
  }

  /** The latest version of `name` (or the version asked for); 404 naming the known workflows. */
  async get(name: string, version?: number): Promise<WorkflowVersion> {
    const row = await this.dataSource.getRepository(WorkflowDefinitionEntity).findOne({
      where: version === undefined ? { name } : { name, version },
      order: { version: 'DESC' },
    });
    if (row) return { version: row.version, definition: row.definition as unknown as WorkflowDefinition, createdAt: row.createdAt };
    if (version !== undefined) throw new NotFoundException(`Workflow ${JSON.stringify(name)} has no version ${version}`);
    const known = (await this.list()).map((each) => each.name);
    throw new NotFoundException(
      known.length > 0
        ? `No workflow named ${JSON.stringify(name)}; the workflows are ${known.join(', ')}`
        : `No workflow named ${JSON.stringify(name)}; none is defined (see config/workflows.json)`,
    );
  }

  /** Every version of `name`, newest first; 404 when there is none. */
  async versions(name: string): Promise<WorkflowVersion[]> {
    const rows = await this.dataSource.getRepository(WorkflowDefinitionEntity).find({ where: { name }, order: { version: 'DESC' } });
    if (rows.length === 0) await this.get(name);
    return rows.map((row) => ({
      version: row.version,
      definition: row.definition as unknown as WorkflowDefinition,
      createdAt: row.createdAt,
    }));
  }

  /** Validates `body` as a definition of `name` (400 with every error) and saves it as a new version unless it equals the latest. */
  async put(name: string, body: unknown): Promise<WorkflowVersion & { created: boolean }> {
    const withName = body !== null && typeof body === 'object' && !Array.isArray(body) ? { name, ...body } : body;
    if ((withName as { name?: unknown } | null)?.name !== name) {
      throw invalidRequest([{ field: 'name', message: `must be ${JSON.stringify(name)}, the name in the path, or left out` }]);
    }
    const checked = validateWorkflowDefinition(withName, await this.types.checker());
    if (!checked.ok) throw invalidRequest(checked.errors);
    const saved = await this.save(checked.workflow);
    return { ...saved, definition: checked.workflow };
  }

  private async save(workflow: WorkflowDefinition): Promise<{ version: number; created: boolean; createdAt: Date }> {
    for (;;) {
      const latest = await this.dataSource
        .getRepository(WorkflowDefinitionEntity)
        .findOne({ where: { name: workflow.name }, order: { version: 'DESC' } });
      if (latest && JSON.stringify(latest.definition) === JSON.stringify(normalized(workflow))) {
        return { version: latest.version, created: false, createdAt: latest.createdAt };
      }
      const version = (latest?.version ?? 0) + 1;
      // Two replicas seeding, or two PUTs, at once: the loser of the primary key reads again.
      const inserted = await this.dataSource.query<Array<{ created_at: Date }>>(
        `INSERT INTO workflow_definitions (name, version, definition) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING created_at`,
        [workflow.name, version, JSON.stringify(workflow)],
      );
      if (inserted.length > 0) return { version, created: true, createdAt: inserted[0]!.created_at };
    }
  }
}

/** As jsonb gives it back (keys sorted by length then bytes), so equal definitions compare equal. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, each]) => each !== undefined);
    entries.sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, each]) => [key, normalized(each)]));
  }
  return value;
}
