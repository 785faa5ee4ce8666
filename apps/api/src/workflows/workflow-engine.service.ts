import type { WorkflowRunStep } from '@atropos/db';
import type { TaskEntity } from '@atropos/db';
import { LOCK_IDS, NotificationListener, TaskStore, WORKFLOW_STEP_CHANNEL, withSessionLock, WorkflowRunEntity } from '@atropos/db';
import type { FieldProblem } from '@atropos/tasks';
import { describeFieldProblems, TaskStatus, TaskTypeCatalog, WorkflowRunStatus } from '@atropos/tasks';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { PeriodicJob } from '../common/periodic-job.js';
import { invalidRequest } from '../common/validation.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskEventsService } from '../events/task-events.service.js';
import { TaskQueues } from '../queue/task-queues.js';
import { newTaskEntity } from '../tasks/new-task.js';
import { resolveParameters } from './references.js';

/** Running runs read per query of a sweep. */
const SWEEP_BATCH = 1_000;

export interface ResumeRequest {
  /** Replace these parameters of the failed step (in this run only) before it runs again. */
  parameters?: Record<string, unknown>;
}

/**
 * Moves workflow runs forward. Everything goes through advance(), which is idempotent: it locks
 * the run's row, looks at the current step's latest task and does what that calls for, so any
 * number of API replicas may call it for the same run at once, as often as they like.
 *
 * It is called when a step's task becomes final (a trigger on `tasks` notifies the run id on a
 * LISTEN connection), after each route that changes a run, and by a periodic sweep over running
 * runs that catches what no listener heard (no API was up, or its connection was down).
 */
@Injectable()
export class WorkflowEngineService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Workflows');
  private readonly periodic: PeriodicJob;
  private readonly listener: NotificationListener;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
    private readonly store: TaskStore,
    private readonly queues: TaskQueues,
    private readonly events: TaskEventsService,
    private readonly catalog: TaskTypeCatalog,
  ) {
    this.periodic = new PeriodicJob(
      () => this.sweep(),
      config.workflowSweepIntervalMs,
      (error) => this.logger.warn(`Workflow sweep skipped: ${String(error)}`),
    );
    this.listener = new NotificationListener({
      url: config.databaseUrl,
      channel: WORKFLOW_STEP_CHANNEL,
      onNotification: (runId) => void this.advance(runId).catch((error) => this.logger.warn(`Run ${runId} not advanced: ${String(error)}`)),
      // Whatever finished while nobody listened is caught up at once, not at the next sweep.
      onListening: () => void this.sweep().catch((error) => this.logger.warn(`Workflow sweep skipped: ${String(error)}`)),
      onError: (error) => this.logger.warn(`Workflow notifications interrupted, reconnecting: ${String(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    this.listener.start();
    this.periodic.start({ runNow: false });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener.stop();
    await this.periodic.stop();
  }

  /**
   * Advances every running run once, oldest first, a batch at a time; returns how many it looked
   * at, or null when another replica is sweeping (one at a time is enough: advance() is the same
   * whoever calls it).
   */
  async sweep(): Promise<number | null> {
    return withSessionLock(this.dataSource, LOCK_IDS.workflowSweep, async () => {
      let seen = 0;
      let after: { created_at: Date; id: string } | null = null;
      for (;;) {
        const rows = (await this.dataSource.query(
          `SELECT id, created_at FROM workflow_runs
            WHERE status = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
            ORDER BY created_at, id LIMIT $4`,
          [WorkflowRunStatus.Running, after?.created_at ?? null, after?.id ?? null, SWEEP_BATCH],
        )) as Array<{ id: string; created_at: Date }>;
        for (const { id } of rows) {
          if (this.periodic.stopping) return seen;
          await this.advance(id).catch((error) => this.logger.warn(`Run ${id} not advanced: ${String(error)}`));
          seen += 1;
        }
        if (rows.length < SWEEP_BATCH) return seen;
        after = rows.at(-1)!;
      }
    });
  }

  /**
   * Does what the run's state calls for, under its row lock: for a running run, creates the
   * current step's task when it has none, moves on when it completed (the run completes after
   * the last step), fails the run when it failed or was cancelled. With `resume`, first turns a
   * paused run back to running, or a failed one to running with a new task for its failed step.
   * The step's task is inserted in the same transaction and queued after the commit; should the
   * API die in between, the task sweeper queues the pending row.
   */
  async advance(runId: string, resume?: ResumeRequest): Promise<WorkflowRunEntity | null> {
    const created: TaskEntity[] = [];
    const run = await this.dataSource.transaction(async (manager) => {
      const run = await manager.getRepository(WorkflowRunEntity).findOne({ where: { id: runId }, lock: { mode: 'pessimistic_write' } });
      if (!run) return null;
      const before = JSON.stringify(run);
      const restart = resume ? this.resume(run, resume) : false;
      if (run.status === WorkflowRunStatus.Running) await this.step(manager, run, restart, created, resume?.parameters !== undefined);
      if (JSON.stringify(run) !== before) {
        run.updatedAt = new Date();
        await manager.update(WorkflowRunEntity, run.id, {
          status: run.status,
          steps: run.steps,
          currentStep: run.currentStep,
          error: run.error,
          completedAt: run.completedAt,
          updatedAt: run.updatedAt,
        } as QueryDeepPartialEntity<WorkflowRunEntity>);
      }
      return run;
    });
    if (created.length > 0) {
      await this.queues.enqueue(created).catch((error) =>
        this.logger.warn(`Step task(s) of run ${runId} not queued yet, the sweeper will queue them: ${String(error)}`),
      );
      this.events.created(created);
    }
    return run;
  }

  /** Applies a resume to the locked run; true when its failed step must get a new task. */
  private resume(run: WorkflowRunEntity, request: ResumeRequest): boolean {
    if (run.status === WorkflowRunStatus.Paused) {
      if (request.parameters !== undefined) {
        throw new BadRequestException(`Workflow run ${run.id} is paused: parameters can only be given when resuming a failed run`);
      }
      run.status = WorkflowRunStatus.Running;
      return false;
    }
    if (run.status === WorkflowRunStatus.Failed) {
      if (request.parameters !== undefined) {
        const step = run.steps[run.currentStep]!;
        run.steps = run.steps.map((each, index) =>
          index === run.currentStep ? { ...step, parameters: { ...step.parameters, ...request.parameters } } : each,
        );
      }
      run.status = WorkflowRunStatus.Running;
      run.error = null;
      run.completedAt = null;
      return true;
    }
    throw new ConflictException(`Workflow run ${run.id} is ${run.status} and cannot be resumed: only a paused or failed run can be`);
  }

  private async step(manager: EntityManager, run: WorkflowRunEntity, restart: boolean, created: TaskEntity[], strict: boolean): Promise<void> {
    for (;;) {
      const step = run.steps[run.currentStep]!;
      const latest = await this.store.latestOfStep(manager, run.id, run.currentStep);
      const ended = latest?.status === TaskStatus.Failed || latest?.status === TaskStatus.Cancelled;
      if (!latest || (restart && ended)) {
        const task = await this.stepTask(manager, run, step, strict);
        if (typeof task === 'string') return this.finish(run, WorkflowRunStatus.Failed, task);
        await this.store.insert([task], manager);
        created.push(task);
        return;
      }
      if (latest.status === TaskStatus.Completed) {
        if (run.currentStep === run.steps.length - 1) return this.finish(run, WorkflowRunStatus.Completed, null);
        run.currentStep += 1;
        restart = false;
        continue;
      }
      if (ended) {
        const why =
          latest.status === TaskStatus.Failed
            ? `failed after ${latest.attempts} attempt(s): ${latest.error ?? 'no error recorded'}`
            : 'was cancelled';
        return this.finish(run, WorkflowRunStatus.Failed, `Step "${step.name}" (task ${latest.id}) ${why}`);
      }
      return; // Its task is pending, processing or retrying: the trigger calls again when it ends.
    }
  }

  /** The step's task with its references resolved, or why it cannot be created. */
  private async stepTask(manager: EntityManager, run: WorkflowRunEntity, step: WorkflowRunStep, strict: boolean): Promise<TaskEntity | string> {
    const completed = await this.store.completedStepResults(manager, run.id, run.currentStep);
    const results = Object.fromEntries([...completed].map(([step, result]) => [run.steps[step]!.name, result]));
    const resolved = resolveParameters(step.parameters, { input: run.input, results });
    const problems: FieldProblem[] = [];
    let task: TaskEntity | undefined;
    if (!resolved.ok) problems.push(...resolved.problems);
    else {
      const check = this.catalog.check(step.task_type, resolved.parameters);
      if (!check.ok) problems.push(...check.problems);
      else {
        task = newTaskEntity(
          {
            taskType: check.taskType,
            parameters: check.parameters,
            timeoutS: check.entry.defaultTimeoutS,
            // The starting key's, so the step counts towards its MAX_OPEN_TASKS_PER_KEY.
            apiKeyId: run.apiKeyId,
            workflowRunId: run.id,
            workflowStep: run.currentStep,
          },
          this.config,
        );
      }
    }
    if (task) return task;
    // A resume that gave parameters answers 400 and changes nothing, so the caller can correct them.
    if (strict) throw invalidRequest(problems);
    return `Step "${step.name}" (${step.task_type}) cannot start: ${describeFieldProblems(problems)}`;
  }

  private finish(run: WorkflowRunEntity, status: WorkflowRunStatus, error: string | null): void {
    run.status = status;
    run.error = error;
    run.completedAt = new Date();
  }

  /** Loads a run, 404 when there is none. */
  async load(manager: EntityManager, id: string, lock = false): Promise<WorkflowRunEntity> {
    const run = await manager
      .getRepository(WorkflowRunEntity)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!run) throw new NotFoundException(`No workflow run with id ${id}`);
    return run;
  }
}
