import type { TaskEntity } from '@atropos/db';
import { TaskStore, WorkflowRunEntity } from '@atropos/db';
import { WorkflowRunStatus } from '@atropos/tasks';
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
import type { Caller } from '../security/caller.js';
import { resolveParameters } from './references.js';
import type { StepSummary } from './run-graph.js';
import { summarizeSteps } from './run-graph.js';
import { WorkflowCatalogService } from './workflow-catalog.service.js';
import type { WorkflowDefinition } from './workflow-definitions.js';
import { stepReferences } from './workflow-definitions.js';
import type { ResumeRequest } from './workflow-engine.service.js';
import { WorkflowEngineService } from './workflow-engine.service.js';
import type { ListWorkflowRunsQuery, PendingApprovalList } from './workflow.schemas.js';

const CANCELLABLE: WorkflowRunStatus[] = [WorkflowRunStatus.Running, WorkflowRunStatus.Paused, WorkflowRunStatus.Failed];

/** A run as the routes present it: its steps' summaries and the tasks of its steps that are not fanned out. */
export interface RunDetail {
  run: WorkflowRunEntity;
  summaries: StepSummary[];
  /** Every task of each step that is not fanned out, oldest first (across resumes and reruns). */
  tasks: TaskEntity[];
}

/** What clients do with runs: start, read, pause, resume, cancel, rerun, approve. The engine moves them on. */
@Injectable()
export class WorkflowRunsService {
  private readonly logger = new Logger('Workflows');

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
    private readonly store: TaskStore,
    private readonly engine: WorkflowEngineService,
    private readonly actions: TaskActionsService,
    private readonly workflows: WorkflowCatalogService,
  ) {}

  /**
   * Starts a run of the latest version of `name` with a copy of its steps, and creates the tasks
   * of the steps that need nothing at once. Input that a step reads but that is missing is refused
   * up front, naming the step. The run and every step task belong to the caller's tenant: a tenant
   * at its MAX_OPEN_TASKS_PER_TENANT is refused a run (429) as it is refused a task. Only the start is
   * checked: refusing a later step would fail a run already admitted.
   */
  async start(name: string, input: Record<string, unknown>, caller: Caller, labels: Record<string, string> = {}): Promise<RunDetail> {
    const { definition, version } = await this.workflows.get(name);
    this.checkInput(definition, input);
    if (caller.keyId) await checkOpenTaskCap(this.dataSource, this.config.maxOpenTasksPerTenant, caller.tenant, 1);
    const id = randomUUID();
    await this.dataSource.getRepository(WorkflowRunEntity).insert({
      id,
      workflow: definition.name,
      version,
      status: WorkflowRunStatus.Running,
      steps: definition.steps.map(({ description: _description, ...step }) => step),
      state: { max_parallel: definition.max_parallel },
      input,
      labels,
      apiKeyId: caller.keyId,
      tenant: caller.tenant,
      // The cast: TypeORM's deep-partial type cannot see through the jsonb Records.
    } as QueryDeepPartialEntity<WorkflowRunEntity>);
    await this.engine.advance(id);
    return this.get(id);
  }

  /** Each `${input.…}` the steps read must be in the input; the message names the step that reads it. */
  private checkInput(definition: WorkflowDefinition, input: Record<string, unknown>): void {
    const problems = definition.steps.flatMap((step) =>
      stepReferences(step)
        .references.filter((found) => found.reference.source === 'input' && found.field !== 'if')
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

  /** 404 unless the run exists and `tenant` may see it (null: any tenant), as if it did not exist. */
  async requireVisible(id: string, tenant: string | null): Promise<void> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM workflow_runs WHERE id = $1 AND ($2::text IS NULL OR tenant = $2)`, [
      id,
      tenant,
    ]);
    if (rows.length === 0) throw new NotFoundException(`No workflow run with id ${id}`);
  }

  async get(id: string): Promise<RunDetail> {
    const run = await this.engine.load(this.dataSource.manager, id);
    const [counts, tasks] = await Promise.all([
      this.store.runStepCounts(this.dataSource.manager, id),
      this.store.ofRun(id, { items: false }),
    ]);
    return { run, summaries: summarizeSteps(run, counts), tasks };
  }

  /** Newest first, by keyset on (created_at, id), like GET /tasks. */
  async list(query: ListWorkflowRunsQuery, tenant: string | null): Promise<{ runs: WorkflowRunEntity[]; nextCursor: string | null }> {
    const builder = this.dataSource
      .getRepository(WorkflowRunEntity)
      .createQueryBuilder('run')
      .orderBy('run.createdAt', 'DESC')
      .addOrderBy('run.id', 'DESC')
      .limit(query.limit + 1);
    if (tenant !== null) builder.andWhere('run.tenant = :tenant', { tenant });
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
    const [rows] = await this.dataSource.query<[Array<{ id: string }>, number]>(
      `UPDATE workflow_runs SET status = $2, updated_at = now() WHERE id = $1 AND status = $3 RETURNING id`,
      [id, WorkflowRunStatus.Paused, WorkflowRunStatus.Running],
    );
    if (rows.length === 0) throw await this.notAllowed(id, 'paused', 'only a running run can be');
    return this.get(id);
  }

  async resume(id: string, request: ResumeRequest) {
    // advance() gives null for no such run; get() answers the 404.
    await this.engine.advance(id, this.engine.resume(request));
    return this.get(id);
  }

  /** Reruns `fromStep` and everything downstream of it; earlier tasks stay in the run's history. */
  async rerun(id: string, fromStep: string, parameters?: Record<string, unknown>) {
    await this.engine.advance(id, this.engine.rerun(fromStep, parameters));
    return this.get(id);
  }

  /** Approves or rejects an approval step that is waiting, with an optional payload and comment. */
  async decide(id: string, step: string, decision: 'approve' | 'reject', payload: Record<string, unknown> | null, comment: string | null) {
    await this.engine.advance(id, this.engine.decide(step, decision, payload, comment));
    return this.get(id);
  }

  /** Approval steps waiting for a decision in running or paused runs, oldest first. */
  async pendingApprovals(
    limit: number,
    tenant: string | null,
  ): Promise<Array<{ run: WorkflowRunEntity; step: string; since: string | null; deadline: string | null }>> {
    const runs = await this.dataSource
      .getRepository(WorkflowRunEntity)
      .createQueryBuilder('run')
      .where('run.status IN (:...statuses)', { statuses: [WorkflowRunStatus.Running, WorkflowRunStatus.Paused] })
      .andWhere(`jsonb_path_exists(run.state, '$.steps.* ? (@.status == "awaiting_approval")')`)
      .andWhere(tenant === null ? 'TRUE' : 'run.tenant = :tenant', { tenant })
      .orderBy('run.createdAt', 'ASC')
      .limit(limit)
      .getMany();
    return runs.flatMap((run) =>
      Object.entries(run.state.steps ?? {})
        .filter(([, state]) => state.status === 'awaiting_approval')
        .map(([step, state]) => ({ run, step, since: state.since ?? null, deadline: state.deadline ?? null })),
    );
  }

  /** GET /workflow-approvals (and the dashboard): the pending approvals of the first 100 runs, as answered. */
  async pendingApprovalList(tenant: string | null): Promise<PendingApprovalList> {
    return (await this.pendingApprovals(100, tenant)).map(({ run, step, since, deadline }) => ({
      run_id: run.id,
      workflow: run.workflow,
      step,
      since,
      deadline,
      input: run.input,
    }));
  }

  /** Ends the run for good and cancels its unfinished tasks. */
  async cancel(id: string) {
    const taskIds = await this.dataSource.transaction(async (manager) => {
      const run = await this.engine.load(manager, id, true);
      if (!CANCELLABLE.includes(run.status)) {
        throw new ConflictException(`Workflow run ${id} is ${run.status} and cannot be cancelled: it has already ended`);
      }
      await manager.update(WorkflowRunEntity, id, { status: WorkflowRunStatus.Cancelled, completedAt: new Date(), updatedAt: new Date() });
      return this.store.unfinishedOfRun(manager, id);
    });
    for (const taskId of taskIds) {
      // The task may have ended meanwhile; the run is cancelled either way.
      await this.actions
        .cancel(taskId)
        .catch((error: unknown) => this.logger.log(`Task ${taskId} of cancelled run ${id} not cancelled: ${String(error)}`));
    }
    return this.get(id);
  }

  private async notAllowed(id: string, action: string, why: string): Promise<Error> {
    const run = await this.engine.load(this.dataSource.manager, id);
    return new ConflictException(`Workflow run ${id} is ${run.status} and cannot be ${action}: ${why}`);
  }
}
