import type { RunStepCount, TaskEntity, WorkflowRunStep, WorkflowStepState } from '@atropos/db';
import { LOCK_IDS, NotificationListener, TaskStore, WORKFLOW_STEP_CHANNEL, withSessionLock, WorkflowRunEntity } from '@atropos/db';
import type { FieldProblem } from '@atropos/tasks';
import { describeFieldProblems, TaskStatus, WorkflowRunStatus } from '@atropos/tasks';
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
import { TaskTypesService } from '../task-types/task-types.service.js';
import { newTaskEntity, ofCheckedType } from '../tasks/new-task.js';
import { evaluateCondition, parseCondition } from './conditions.js';
import type { ResolutionContext } from './references.js';
import { resolveParameters } from './references.js';
import type { StepSummary } from './run-graph.js';
import { downstreamOf, runNeeds, stepKind, stepStateOf, summarizeStep, summarizeSteps, topologicalOrder, upstreamOf } from './run-graph.js';
import { WorkflowRunEventsService } from './workflow-run-events.service.js';
import { DEFAULT_RUN_MAX_PARALLEL, MAX_FOR_EACH_ITEMS } from './workflow-definitions.js';

/** Running runs read per query of a sweep. */
const SWEEP_BATCH = 1_000;

/** What a change applied to the locked run asks of the step that follows it. */
export interface ChangeEffect {
  /** Give the failed steps new tasks for their failed elements (a resume of a failed run). */
  restartFailed?: boolean;
  /** The step whose new tasks must be valid, else 400 and nothing changes (parameters were given). */
  strict?: number;
  /** Who gave the `strict` step new parameters: its new tasks keep the versions, as a retry with edited parameters does. */
  changedBy?: string;
}

/** A change to a run made under its row lock before advance() moves it on; throws to refuse it. */
export type RunChange = (run: WorkflowRunEntity, manager: EntityManager) => ChangeEffect | Promise<ChangeEffect>;

export interface ResumeRequest {
  /** Replace these parameters of the failed step (in this run only) before it runs again. */
  parameters?: Record<string, unknown>;
  /** The key that resumes (as the audit log names it), recorded with the parameters it gave. */
  changedBy?: string;
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
    private readonly types: TaskTypesService,
    private readonly runEvents: WorkflowRunEventsService,
  ) {
    this.periodic = new PeriodicJob(
      () => this.sweep(),
      config.workflowSweepIntervalMs,
      (error) => this.logger.warn(`Workflow sweep skipped: ${String(error)}`),
    );
    this.listener = new NotificationListener({
      url: config.databaseUrl,
      channel: WORKFLOW_STEP_CHANNEL,
      onNotification: (runId) =>
        void this.advance(runId).catch((error: unknown) => this.logger.warn(`Run ${runId} not advanced: ${String(error)}`)),
      // Whatever finished while nobody listened is caught up at once, not at the next sweep.
      onListening: () => void this.sweep().catch((error: unknown) => this.logger.warn(`Workflow sweep skipped: ${String(error)}`)),
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
      type RunRow = { id: string; created_at: Date };
      let after: RunRow | null = null;
      for (;;) {
        // Typed twice: `after`, read in the arguments, is narrowed by this loop, so TS cannot infer it.
        const rows: RunRow[] = await this.dataSource.query<RunRow[]>(
          `SELECT id, created_at FROM workflow_runs
            WHERE status = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
            ORDER BY created_at, id LIMIT $4`,
          [WorkflowRunStatus.Running, after?.created_at ?? null, after?.id ?? null, SWEEP_BATCH],
        );
        for (const { id } of rows) {
          if (this.periodic.stopping) return seen;
          await this.advance(id).catch((error: unknown) => this.logger.warn(`Run ${id} not advanced: ${String(error)}`));
          seen += 1;
        }
        if (rows.length < SWEEP_BATCH) return seen;
        after = rows.at(-1)!;
      }
    });
  }

  /**
   * Does what the run's state calls for, under its row lock. First `change` (a resume, a rerun,
   * an approval's decision) is applied to the locked run. Then, for a running run: a step whose
   * tasks failed (and is not `continue_on_failure`) or whose approval was rejected fails the run;
   * an approval past its timeout is decided; each step whose needs are all done is skipped (its
   * condition is false, or every step it needs was skipped), starts waiting for approval, or gets
   * its task(s), as far as the run's and the step's parallelism limits allow; the run completes
   * once every step is done. New tasks are inserted in the same transaction and queued after the
   * commit; should the API die in between, the task sweeper queues the pending rows.
   */
  async advance(runId: string, change?: RunChange): Promise<WorkflowRunEntity | null> {
    const created: TaskEntity[] = [];
    const run = await this.dataSource.transaction(async (manager) => {
      const run = await manager.getRepository(WorkflowRunEntity).findOne({ where: { id: runId }, lock: { mode: 'pessimistic_write' } });
      if (!run) return null;
      run.state = structuredClone(run.state);
      const before = JSON.stringify(run);
      const effect = change ? await change(run, manager) : {};
      if (run.status === WorkflowRunStatus.Running) await this.step(manager, run, effect, created);
      if (effect.strict !== undefined && effect.changedBy !== undefined) {
        // Inserted by step() above: each new task of the edited step keeps the parameters of the one it replaces.
        const edited = created.filter((task) => task.workflowStep === effect.strict).map((task) => task.id);
        await this.store.recordStepParameterEdit(manager, edited, effect.changedBy);
      }
      if (JSON.stringify(run) !== before) {
        run.updatedAt = new Date();
        await manager.update(WorkflowRunEntity, run.id, {
          status: run.status,
          steps: run.steps,
          state: run.state,
          currentStep: run.currentStep,
          error: run.error,
          completedAt: run.completedAt,
          updatedAt: run.updatedAt,
        } as QueryDeepPartialEntity<WorkflowRunEntity>);
      }
      return run;
    });
    if (created.length > 0) {
      await this.queues
        .enqueue(created)
        .catch((error: unknown) =>
          this.logger.warn(`Step task(s) of run ${runId} not queued yet, the sweeper will queue them: ${String(error)}`),
        );
      this.events.created(created);
    }
    if (run) this.runEvents.changed(run.id);
    return run;
  }

  /** Turns a paused run back to running, or a failed one to running with new tasks for its failed steps. */
  resume(request: ResumeRequest): RunChange {
    return (run) => {
      if (run.status === WorkflowRunStatus.Paused) {
        if (request.parameters !== undefined) {
          throw new BadRequestException(`Workflow run ${run.id} is paused: parameters can only be given when resuming a failed run`);
        }
        run.status = WorkflowRunStatus.Running;
        return {};
      }
      if (run.status === WorkflowRunStatus.Failed) {
        if (request.parameters !== undefined) {
          const failed = run.steps[run.currentStep]!;
          run.steps = run.steps.map((each, index) =>
            index === run.currentStep ? { ...failed, parameters: { ...failed.parameters, ...request.parameters } } : each,
          );
        }
        this.reopen(run);
        if (request.parameters === undefined) return { restartFailed: true };
        return { restartFailed: true, strict: run.currentStep, changedBy: request.changedBy };
      }
      throw new ConflictException(`Workflow run ${run.id} is ${run.status} and cannot be resumed: only a paused or failed run can be`);
    };
  }

  /**
   * Reruns `from` and every step downstream of it in a new round (their earlier tasks stay in the
   * run's history but no longer count), optionally with some of `from`'s parameters replaced.
   */
  rerun(from: string, parameters?: Record<string, unknown>): RunChange {
    return (run) => {
      if (run.status !== WorkflowRunStatus.Completed && run.status !== WorkflowRunStatus.Failed) {
        throw new ConflictException(`Workflow run ${run.id} is ${run.status} and cannot be rerun: only a completed or failed run can be`);
      }
      const at = run.steps.findIndex((step) => step.name === from);
      if (at < 0) {
        throw invalidRequest([
          { field: 'from_step', message: `names no step of this run; its steps are ${run.steps.map((step) => step.name).join(', ')}` },
        ]);
      }
      if (parameters !== undefined) {
        if (stepKind(run.steps[at]!) !== 'task')
          throw invalidRequest([{ field: 'parameters', message: `step "${from}" is an approval: it has no parameters` }]);
        run.steps = run.steps.map((step, index) => (index === at ? { ...step, parameters: { ...step.parameters, ...parameters } } : step));
      }
      const round = (run.state.round ?? 0) + 1;
      const steps = { ...run.state.steps };
      for (const index of downstreamOf(run.steps, at)) steps[run.steps[index]!.name] = { round };
      run.state = { ...run.state, round, steps };
      this.reopen(run);
      run.currentStep = at;
      return { strict: parameters !== undefined ? at : undefined };
    };
  }

  /** Decides an approval step that is waiting: approved with a payload, or rejected. */
  decide(stepName: string, decision: 'approve' | 'reject', payload: Record<string, unknown> | null, comment: string | null): RunChange {
    return (run) => {
      const step = run.steps.find((each) => each.name === stepName);
      if (!step)
        throw new NotFoundException(
          `Workflow run ${run.id} has no step "${stepName}"; its steps are ${run.steps.map((each) => each.name).join(', ')}`,
        );
      if (stepKind(step) !== 'approval')
        throw new ConflictException(`Step "${stepName}" of workflow run ${run.id} is not an approval step`);
      const state = stepStateOf(run, stepName);
      if (state.status !== 'awaiting_approval' || (run.status !== WorkflowRunStatus.Running && run.status !== WorkflowRunStatus.Paused)) {
        const now = state.status ?? 'not waiting for approval yet';
        throw new ConflictException(
          `Step "${stepName}" of workflow run ${run.id} cannot be ${decision === 'approve' ? 'approved' : 'rejected'}: it is ${now.replace('_', ' ')} (run ${run.status})`,
        );
      }
      this.setStepState(run, stepName, {
        ...state,
        status: decision === 'approve' ? 'approved' : 'rejected',
        decided_at: new Date().toISOString(),
        decided_by: 'operator',
        comment,
        payload,
      });
      return {};
    };
  }

  private reopen(run: WorkflowRunEntity): void {
    run.status = WorkflowRunStatus.Running;
    run.error = null;
    run.completedAt = null;
  }

  private setStepState(run: WorkflowRunEntity, name: string, state: WorkflowStepState): void {
    run.state = { ...run.state, steps: { ...run.state.steps, [name]: state } };
  }

  private async step(manager: EntityManager, run: WorkflowRunEntity, effect: ChangeEffect, created: TaskEntity[]): Promise<void> {
    const counts = await this.store.runStepCounts(manager, run.id);
    const summaries = summarizeSteps(run, counts);
    const order = topologicalOrder(run.steps);
    const needs = runNeeds(run.steps);
    const byName = new Map(run.steps.map((step, index) => [step.name, index]));
    const now = new Date();
    const refresh = (index: number) => {
      summaries[index] = summarizeStep(run, run.steps[index]!, index, counts);
    };

    // A resumed run's failed steps get new tasks for their failed elements; a rejected approval waits again.
    if (effect.restartFailed) {
      for (const summary of summaries) {
        const step = run.steps[summary.index]!;
        if (!summary.failed || summary.done) continue;
        if (stepKind(step) === 'approval') {
          this.setStepState(run, step.name, this.awaiting(step, summary.round, now));
          refresh(summary.index);
          continue;
        }
        const items = await this.store.endedItemsOfStep(manager, run.id, summary.index, summary.round);
        const made = await this.tasksFor(manager, run, summary.index, summary.round, items, effect.strict === summary.index, summaries);
        if (typeof made === 'string') {
          this.fail(run, summary.index, made);
          return;
        }
        created.push(...made);
        this.count(counts, summary.index, summary.round, made.length);
        refresh(summary.index);
      }
    }

    // Approvals past their timeout are decided by it.
    for (const summary of summaries) {
      const step = run.steps[summary.index]!;
      const state = stepStateOf(run, step.name);
      if (summary.status !== 'awaiting_approval' || !state.deadline || Date.parse(state.deadline) > now.getTime()) continue;
      const approve = step.on_timeout === 'approve';
      this.setStepState(run, step.name, {
        ...state,
        status: approve ? 'approved' : 'rejected',
        decided_at: now.toISOString(),
        decided_by: 'timeout',
        comment: `No decision within ${step.timeout ?? 0}s`,
        payload: approve ? (step.default_payload ?? {}) : null,
      });
      refresh(summary.index);
    }

    const failure = summaries.find((summary) => summary.failed && !summary.done);
    if (failure) {
      await this.insert(manager, created);
      this.fail(run, failure.index, this.failureMessage(run, failure));
      return;
    }

    let room = (run.state.max_parallel ?? DEFAULT_RUN_MAX_PARALLEL) - summaries.reduce((sum, summary) => sum + summary.unfinished, 0);
    const fresh: TaskEntity[] = [];
    for (const index of order) {
      const step = run.steps[index]!;
      let summary = summaries[index]!;
      const notStarted =
        summary.status === 'waiting' &&
        (stepKind(step) === 'approval' ||
          (step.for_each !== undefined ? stepStateOf(run, step.name).items === undefined : summary.created === 0));
      if (notStarted) {
        const needed = needs[index]!.map((name) => summaries[byName.get(name)!]!);
        if (needed.some((each) => !each.done)) continue;
        const round = summary.round;
        if (needed.length > 0 && needed.every((each) => each.status === 'skipped')) {
          this.setStepState(run, step.name, { round, status: 'skipped', reason: 'every step it needs was skipped' });
          refresh(index);
          continue;
        }
        if (step.if !== undefined || step.for_each !== undefined) {
          const context = await this.context(manager, run, index, summaries);
          if (step.if !== undefined && !evaluateCondition(parseCondition(step.if), context)) {
            this.setStepState(run, step.name, { round, status: 'skipped', reason: `its condition is false: ${step.if}` });
            refresh(index);
            continue;
          }
          if (step.for_each !== undefined && stepStateOf(run, step.name).items === undefined) {
            const list = resolveParameters({ for_each: step.for_each }, context, '');
            const items = list.ok ? list.parameters.for_each : undefined;
            if (!list.ok) {
              this.fail(run, index, `Step "${step.name}" cannot start: ${describeFieldProblems(list.problems)}`);
              return;
            }
            if (!Array.isArray(items)) {
              this.fail(run, index, `Step "${step.name}" cannot start: for_each ${step.for_each} is not an array`);
              return;
            }
            if (items.length > MAX_FOR_EACH_ITEMS) {
              this.fail(
                run,
                index,
                `Step "${step.name}" cannot start: for_each ${step.for_each} has ${items.length} elements, more than ${MAX_FOR_EACH_ITEMS}`,
              );
              return;
            }
            this.setStepState(run, step.name, { ...stepStateOf(run, step.name), round, items: items.length });
            refresh(index);
            summary = summaries[index]!;
          }
        }
        if (stepKind(step) === 'approval') {
          this.setStepState(run, step.name, this.awaiting(step, round, now));
          refresh(index);
          continue;
        }
      }
      // A step with tasks to start: the first (or only) ones, or further elements of a fan-out.
      if (stepKind(step) !== 'task' || summary.done || summary.failed || summary.total === null) continue;
      const missing = summary.total - summary.created;
      if (missing <= 0 || summary.ended > 0) continue;
      const stepRoom = step.for_each !== undefined ? (step.max_parallel ?? Number.MAX_SAFE_INTEGER) - summary.unfinished : 1;
      const take = Math.min(missing, room, stepRoom);
      if (take <= 0) continue;
      const items = step.for_each !== undefined ? Array.from({ length: take }, (_, n) => summary.created + n) : [null];
      const made = await this.tasksFor(manager, run, index, summary.round, items, effect.strict === index, summaries);
      if (typeof made === 'string') {
        this.fail(run, index, made);
        return;
      }
      fresh.push(...made);
      room -= made.length;
      this.count(counts, index, summary.round, made.length, items.at(-1) ?? -1);
      refresh(index);
    }
    created.push(...fresh);
    await this.insert(manager, created);

    const open = summaries.findIndex((summary) => !summary.done);
    if (open < 0) {
      this.finish(run, WorkflowRunStatus.Completed, null, run.steps.length - 1);
      return;
    }
    run.currentStep = open;
  }

  private awaiting(step: WorkflowRunStep, round: number, now: Date): WorkflowStepState {
    return {
      round,
      status: 'awaiting_approval',
      since: now.toISOString(),
      deadline: step.timeout !== undefined ? new Date(now.getTime() + step.timeout * 1000).toISOString() : null,
    };
  }

  /** Adds tasks just made to the counts, so the summaries see them. */
  private count(counts: RunStepCount[], step: number, round: number, made: number, maxItem = -1): void {
    if (made === 0) return;
    counts.push({
      step,
      round,
      status: TaskStatus.Pending,
      count: made,
      max_item: maxItem,
      first_id: '',
      first_error: null,
      first_attempts: 0,
      progress: 0,
    });
  }

  private async insert(manager: EntityManager, tasks: TaskEntity[]): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- declared `createdAt!`, undefined until the row is written
    const fresh = tasks.filter((task) => task.createdAt === undefined);
    for (let at = 0; at < fresh.length; at += 500) await this.store.insert(fresh.slice(at, at + 500), manager);
  }

  /** The input, and the results of every step `index` needs directly or not, for references. */
  private async context(
    manager: EntityManager,
    run: WorkflowRunEntity,
    index: number,
    summaries: StepSummary[],
  ): Promise<ResolutionContext> {
    const upstream = [...upstreamOf(run.steps, index)].map((name) => run.steps.findIndex((step) => step.name === name));
    const taskSteps = upstream.filter((at) => stepKind(run.steps[at]!) === 'task' && summaries[at]!.status === 'completed');
    const found = await this.store.stepResults(
      manager,
      run.id,
      taskSteps.map((at) => ({ step: at, round: summaries[at]!.round })),
    );
    const results: Record<string, unknown> = {};
    for (const at of upstream) {
      const step = run.steps[at]!;
      if (stepKind(step) === 'approval') {
        const state = stepStateOf(run, step.name);
        results[step.name] =
          state.status === 'approved'
            ? { approved: true, payload: state.payload ?? {}, comment: state.comment ?? null, decided_by: state.decided_by }
            : null;
      } else if (summaries[at]!.status === 'completed') {
        const values = found.get(at) ?? [];
        results[step.name] = step.for_each !== undefined ? values : (values[0] ?? null);
      } else {
        // Skipped, or failed with continue_on_failure: no result.
        results[step.name] = null;
      }
    }
    return { input: run.input, results };
  }

  /** The tasks of a step's elements (`null`: a step not fanned out) with their references resolved, or why they cannot be created. */
  private async tasksFor(
    manager: EntityManager,
    run: WorkflowRunEntity,
    index: number,
    round: number,
    items: Array<number | null>,
    strict: boolean,
    summaries: StepSummary[],
  ): Promise<TaskEntity[] | string> {
    const step = run.steps[index]!;
    const context = await this.context(manager, run, index, summaries);
    let list: unknown[] = [];
    if (step.for_each !== undefined) {
      const resolved = resolveParameters({ for_each: step.for_each }, context, '');
      list = resolved.ok && Array.isArray(resolved.parameters.for_each) ? resolved.parameters.for_each : [];
    }
    const tasks: TaskEntity[] = [];
    for (const item of items) {
      const resolved = resolveParameters(
        step.parameters,
        item === null ? context : { ...context, item: { value: list[item], index: item } },
      );
      const problems: FieldProblem[] = [];
      if (!resolved.ok) problems.push(...resolved.problems);
      else {
        const check = await this.types.check(step.task_type, resolved.parameters);
        if (!check.ok) problems.push(...check.problems);
        else {
          tasks.push(
            newTaskEntity(
              {
                ...ofCheckedType(check),
                // The run's labels, so `GET /tasks?label.…` finds every step task of the runs it tags.
                labels: run.labels,
                // The run's tenant: the step counts towards its MAX_OPEN_TASKS_PER_TENANT, and only it sees the task.
                apiKeyId: run.apiKeyId,
                tenant: run.tenant,
                workflowRunId: run.id,
                workflowStep: index,
                workflowItem: item,
                workflowRound: round,
              },
              this.config,
            ),
          );
          continue;
        }
      }
      // A resume or rerun that gave parameters answers 400 and changes nothing, so the caller can correct them.
      if (strict) throw invalidRequest(problems);
      const which = item === null ? '' : ` element ${item}`;
      return `Step "${step.name}"${which} (${step.task_type}) cannot start: ${describeFieldProblems(problems)}`;
    }
    return tasks;
  }

  private failureMessage(run: WorkflowRunEntity, summary: StepSummary): string {
    const step = run.steps[summary.index]!;
    if (summary.status === 'rejected') {
      const state = stepStateOf(run, step.name);
      const by = state.decided_by === 'timeout' ? 'by its timeout' : 'by an operator';
      return `Step "${step.name}" was rejected ${by}${state.comment ? `: ${state.comment}` : ''}`;
    }
    const ended = summary.firstEnded!;
    const why =
      ended.status === TaskStatus.Failed
        ? `failed after ${ended.attempts} attempt(s): ${ended.error ?? 'no error recorded'}`
        : 'was cancelled';
    const of =
      step.for_each !== undefined
        ? ` (${summary.ended} of ${summary.total ?? 0} elements; the first: task ${ended.id})`
        : ` (task ${ended.id})`;
    return `Step "${step.name}"${of} ${why}`;
  }

  private fail(run: WorkflowRunEntity, index: number, error: string): void {
    this.finish(run, WorkflowRunStatus.Failed, error, index);
  }

  private finish(run: WorkflowRunEntity, status: WorkflowRunStatus, error: string | null, currentStep: number): void {
    run.status = status;
    run.error = error;
    run.completedAt = new Date();
    run.currentStep = currentStep;
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
