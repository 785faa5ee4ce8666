import type { TaskEntity } from '@atropos/db';
import { TaskStore, WorkflowRunEntity } from '@atropos/db';
import { isFinalStatus, WorkflowRunStatus } from '@atropos/tasks';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { invalidRequest } from '../common/validation.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { decodeCursor, encodeCursor } from '../tasks/list-cursor.js';
import { checkOpenTaskCap } from '../tasks/open-task-cap.js';
import { TaskActionsService } from '../tasks/task-actions.service.js';
import { findReferences, resolveParameters } from './references.js';
import type { WorkflowDefinition } from './workflow-definitions.js';
import { WORKFLOW_DEFINITIONS } from './workflow-definitions.js';
import type { ResumeRequest } from './workflow-engine.service.js';
import { WorkflowEngineService } from './workflow-engine.service.js';
import type { ListWorkflowRunsQuery } from './workflow.schemas.js';

const CANCELLABLE: WorkflowRunStatus[] = [WorkflowRunStatus.Running, WorkflowRunStatus.Paused, WorkflowRunStatus.Failed];

/** What clients do with runs: start, read, pause, resume, cancel. The engine moves them on. */
@Injectable()
export class WorkflowRunsService {
  private readonly logger = new Logger('Workflows');

  constructor(
    @Inject(WORKFLOW_DEFINITIONS) private readonly definitions: WorkflowDefinition[],
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
    private readonly store: TaskStore,
    private readonly engine: WorkflowEngineService,
    private readonly actions: TaskActionsService,
  ) {}

  /**
   * Starts a run of `name` with a copy of its steps, and creates its first step's task at once.
   * Input that a step reads but that is missing is refused up front, naming the step.
   * The run and every step task belong to `apiKeyId`: a key at its MAX_OPEN_TASKS_PER_KEY is
   * refused a run (429) as it is refused a task. Only the start is checked: a run holds one
   * unfinished task at a time, and refusing a later step would fail a run already admitted.
   */
  async start(name: string, input: Record<string, unknown>, apiKeyId?: string): Promise<{ run: WorkflowRunEntity; tasks: Array<TaskEntity | undefined> }> {
    const definition = this.definitions.find((workflow) => workflow.name === name);
    if (!definition) {
      const known = this.definitions.map((workflow) => workflow.name);
      throw new NotFoundException(
        known.length > 0
          ? `No workflow named ${JSON.stringify(name)}; the workflows are ${known.join(', ')}`
          : `No workflow named ${JSON.stringify(name)}; none is defined (see config/workflows.json)`,
      );
    }
    this.checkInput(definition, input);
    if (apiKeyId) await checkOpenTaskCap(this.dataSource, this.config.maxOpenTasksPerKey, apiKeyId, 1);
    const id = randomUUID();
    await this.dataSource.getRepository(WorkflowRunEntity).insert({
      id,
      workflow: definition.name,
      status: WorkflowRunStatus.Running,
      steps: definition.steps.map((step) => ({ name: step.name, task_type: step.task_type, parameters: step.parameters })),
      input,
      apiKeyId: apiKeyId ?? null,
      // The cast: TypeORM's deep-partial type cannot see through the jsonb Records.
    } as QueryDeepPartialEntity<WorkflowRunEntity>);
    await this.engine.advance(id);
    return this.get(id);
  }

  /** Each `${input.…}` the steps read must be in the input; the message names the step that reads it. */
  private checkInput(definition: WorkflowDefinition, input: Record<string, unknown>): void {
    const problems = definition.steps.flatMap((step) =>
      findReferences(step.parameters)
        .references.filter((found) => found.reference.source === 'input')
        .flatMap((found) => {
          const resolved = resolveParameters({ value: found.text }, { input, results: {} }, 'input');
          if (resolved.ok) return [];
          const path = found.reference.path.join('.');
          return [{ field: path ? `input.${path}` : 'input', message: `is missing: step "${step.name}" reads it in ${found.field}` }];
        }),
    );
    const unique = [...new Map(problems.map((problem) => [problem.field, problem])).values()];
    if (unique.length > 0) throw invalidRequest(unique);
  }

  async get(id: string): Promise<{ run: WorkflowRunEntity; tasks: Array<TaskEntity | undefined> }> {
    const run = await this.engine.load(this.dataSource.manager, id);
    const tasks = await this.store.ofRun(id);
    // Later tasks of a step (a resumed or retried step) replace earlier ones.
    const latest: Array<TaskEntity | undefined> = run.steps.map(() => undefined);
    for (const task of tasks) if (task.workflowStep !== null && task.workflowStep < latest.length) latest[task.workflowStep] = task;
    return { run, tasks: latest };
  }

  /** Newest first, by keyset on (created_at, id), like GET /tasks. */
  async list(query: ListWorkflowRunsQuery): Promise<{ runs: WorkflowRunEntity[]; nextCursor: string | null }> {
    const builder = this.dataSource
      .getRepository(WorkflowRunEntity)
      .createQueryBuilder('run')
      .orderBy('run.createdAt', 'DESC')
      .addOrderBy('run.id', 'DESC')
      .limit(query.limit + 1);
    if (query.status) builder.andWhere('run.status = :status', { status: query.status });
    if (query.workflow) builder.andWhere('run.workflow = :workflow', { workflow: query.workflow });
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) throw invalidRequest([{ field: 'cursor', message: 'is not a cursor this API returned; start again without it' }]);
      builder.andWhere('(run.createdAt, run.id) < (:createdAt, :id)', cursor);
    }
    const rows = await builder.getMany();
    const runs = rows.slice(0, query.limit);
    const last = runs.at(-1);
    return { runs, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }

  /** No further step starts; the one running finishes. */
  async pause(id: string) {
    const [rows] = (await this.dataSource.query(
      `UPDATE workflow_runs SET status = $2, updated_at = now() WHERE id = $1 AND status = $3 RETURNING id`,
      [id, WorkflowRunStatus.Paused, WorkflowRunStatus.Running],
    )) as [Array<{ id: string }>, number];
    if (rows.length === 0) throw await this.notAllowed(id, 'paused', 'only a running run can be');
    return this.get(id);
  }

  async resume(id: string, request: ResumeRequest) {
    // advance() gives null for no such run; get() answers the 404.
    await this.engine.advance(id, request);
    return this.get(id);
  }

  /** Ends the run for good and cancels its current step's task, if that is still unfinished. */
  async cancel(id: string) {
    const taskId = await this.dataSource.transaction(async (manager) => {
      const run = await this.engine.load(manager, id, true);
      if (!CANCELLABLE.includes(run.status)) {
        throw new ConflictException(`Workflow run ${id} is ${run.status} and cannot be cancelled: it has already ended`);
      }
      await manager.update(WorkflowRunEntity, id, { status: WorkflowRunStatus.Cancelled, completedAt: new Date(), updatedAt: new Date() });
      const latest = await this.store.latestOfStep(manager, id, run.currentStep);
      return latest && !isFinalStatus(latest.status) ? latest.id : null;
    });
    if (taskId) {
      // The task may have ended meanwhile; the run is cancelled either way.
      await this.actions.cancel(taskId).catch((error) => this.logger.log(`Task ${taskId} of cancelled run ${id} not cancelled: ${String(error)}`));
    }
    return this.get(id);
  }

  private async notAllowed(id: string, action: string, why: string): Promise<Error> {
    const run = await this.engine.load(this.dataSource.manager, id);
    return new ConflictException(`Workflow run ${id} is ${run.status} and cannot be ${action}: ${why}`);
  }
}
