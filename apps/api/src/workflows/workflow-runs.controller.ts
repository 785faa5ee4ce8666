import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Sse } from '@nestjs/common';
import type { MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { concat, concatMap, filter, interval, map, merge, of, throttleTime } from 'rxjs';
import { TaskEventsService } from '../events/task-events.service.js';
import { WorkflowRunEventsService } from './workflow-run-events.service.js';
import { errorSchema } from '../common/error.schema.js';
import { presentWorkflowRun, presentWorkflowRunSummary } from './workflow-run.presenter.js';
import { WorkflowRunsService } from './workflow-runs.service.js';
import type { Caller } from '../security/caller.js';
import { CurrentCaller, visibleTenant } from '../security/caller.js';
import type { DecideApprovalBody, ListWorkflowRunsQuery, RerunWorkflowRunBody, ResumeWorkflowRunBody } from './workflow.schemas.js';
import {
  decideApprovalBody,
  listWorkflowRunsQuery,
  pendingApprovalListSchema,
  rerunWorkflowRunBody,
  stepNameParam,
  resumeWorkflowRunBody,
  workflowRunIdParam,
  workflowRunListSchema,
  workflowRunSchema,
} from './workflow.schemas.js';

const badId = { status: 400, description: 'The id is not a UUID.', standardSchema: errorSchema };
const notFound = { status: 404, description: 'No workflow run has this id.', standardSchema: errorSchema };
/** A comment-like ping now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

const conflict = (description: string) => ({ status: 409, description, standardSchema: errorSchema });

@ApiTags('workflow-runs')
@Controller('workflow-runs')
export class WorkflowRunsController {
  constructor(
    private readonly runs: WorkflowRunsService,
    private readonly runEvents: WorkflowRunEventsService,
    private readonly taskEvents: TaskEventsService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listWorkflowRuns',
    summary: 'List workflow runs, newest first',
    description: 'Filter by status and workflow; page with `limit` and `cursor`.',
  })
  @ApiResponse({ status: 200, standardSchema: workflowRunListSchema })
  @ApiResponse({ status: 400, description: 'Invalid query.', standardSchema: errorSchema })
  async list(@Query({ schema: listWorkflowRunsQuery }) query: ListWorkflowRunsQuery, @CurrentCaller() caller: Caller) {
    const { runs, nextCursor } = await this.runs.list(query, visibleTenant(caller));
    return { data: runs.map(presentWorkflowRunSummary), next_cursor: nextCursor };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWorkflowRun', summary: 'Get a workflow run with the status of each step' })
  @ApiResponse({ status: 200, standardSchema: workflowRunSchema })
  @ApiResponse(badId)
  @ApiResponse(notFound)
  async get(@Param('id', { schema: workflowRunIdParam }) id: string, @CurrentCaller() caller: Caller) {
    await this.runs.requireVisible(id, visibleTenant(caller));
    const { run, summaries, tasks } = await this.runs.get(id);
    return presentWorkflowRun(run, summaries, tasks);
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'pauseWorkflowRun',
    summary: 'Pause a running run',
    description: 'The step running finishes; no further step starts until the run is resumed.',
  })
  @ApiResponse({ status: 200, description: 'Paused.', standardSchema: workflowRunSchema })
  @ApiResponse(badId)
  @ApiResponse(notFound)
  @ApiResponse(conflict('The run is not running; the message says its status.'))
  async pause(@Param('id', { schema: workflowRunIdParam }) id: string, @CurrentCaller() caller: Caller) {
    await this.runs.requireVisible(id, visibleTenant(caller));
    const { run, summaries, tasks } = await this.runs.pause(id);
    return presentWorkflowRun(run, summaries, tasks);
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'resumeWorkflowRun',
    summary: 'Resume a paused or failed run',
    description:
      'A paused run goes on where it stopped. A failed run runs its failed step again with a new task (earlier steps are not rerun), ' +
      "optionally with some of that step's parameters replaced by `parameters`.",
  })
  @ApiResponse({ status: 200, description: 'Running again.', standardSchema: workflowRunSchema })
  @ApiResponse({
    status: 400,
    description: "Invalid id or body, or `parameters` the step's task type refuses; nothing changed.",
    standardSchema: errorSchema,
  })
  @ApiResponse(notFound)
  @ApiResponse(conflict('The run is neither paused nor failed; the message says its status.'))
  async resume(
    @Param('id', { schema: workflowRunIdParam }) id: string,
    @CurrentCaller() caller: Caller,
    @Body({ schema: resumeWorkflowRunBody }) body: ResumeWorkflowRunBody,
  ) {
    await this.runs.requireVisible(id, visibleTenant(caller));
    const { run, summaries, tasks } = await this.runs.resume(id, { ...body, changedBy: caller.keyName });
    return presentWorkflowRun(run, summaries, tasks);
  }

  @Post(':id/rerun')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'rerunWorkflowRun',
    summary: 'Rerun a completed or failed run from a step',
    description:
      'Runs `from_step` and every step downstream of it again, with new tasks, in a new round (optionally with some of ' +
      "`from_step`'s parameters replaced); steps upstream keep their results. The earlier tasks stay in each step's `history`.",
  })
  @ApiResponse({ status: 200, description: 'Running again.', standardSchema: workflowRunSchema })
  @ApiResponse({
    status: 400,
    description: 'Invalid id or body, an unknown step, or `parameters` the task type refuses; nothing changed.',
    standardSchema: errorSchema,
  })
  @ApiResponse(notFound)
  @ApiResponse(conflict('The run is neither completed nor failed; the message says its status.'))
  async rerun(
    @Param('id', { schema: workflowRunIdParam }) id: string,
    @CurrentCaller() caller: Caller,
    @Body({ schema: rerunWorkflowRunBody }) body: RerunWorkflowRunBody,
  ) {
    await this.runs.requireVisible(id, visibleTenant(caller));
    const { run, summaries, tasks } = await this.runs.rerun(id, body.from_step, body.parameters);
    return presentWorkflowRun(run, summaries, tasks);
  }

  @Post(':id/steps/:step/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'approveWorkflowStep',
    summary: 'Approve an approval step',
    description: 'The step completes with `{approved: true, payload, comment}` as its result, and the steps that need it go on.',
  })
  @ApiResponse({ status: 200, description: 'Approved.', standardSchema: workflowRunSchema })
  @ApiResponse({ status: 400, description: 'Invalid id or body.', standardSchema: errorSchema })
  @ApiResponse({ status: 404, description: 'No such run, or the run has no such step.', standardSchema: errorSchema })
  @ApiResponse(conflict('The step is not an approval step waiting for a decision.'))
  async approve(
    @Param('id', { schema: workflowRunIdParam }) id: string,
    @CurrentCaller() caller: Caller,
    @Param('step', { schema: stepNameParam }) step: string,
    @Body({ schema: decideApprovalBody }) body: DecideApprovalBody,
  ) {
    await this.runs.requireVisible(id, visibleTenant(caller));
    const { run, summaries, tasks } = await this.runs.decide(id, step, 'approve', body.payload ?? {}, body.comment ?? null);
    return presentWorkflowRun(run, summaries, tasks);
  }

  @Post(':id/steps/:step/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'rejectWorkflowStep',
    summary: 'Reject an approval step',
    description: 'The step is rejected: the run fails unless the step is `continue_on_failure`.',
  })
  @ApiResponse({ status: 200, description: 'Rejected.', standardSchema: workflowRunSchema })
  @ApiResponse({ status: 400, description: 'Invalid id or body.', standardSchema: errorSchema })
  @ApiResponse({ status: 404, description: 'No such run, or the run has no such step.', standardSchema: errorSchema })
  @ApiResponse(conflict('The step is not an approval step waiting for a decision.'))
  async reject(
    @Param('id', { schema: workflowRunIdParam }) id: string,
    @CurrentCaller() caller: Caller,
    @Param('step', { schema: stepNameParam }) step: string,
    @Body({ schema: decideApprovalBody }) body: DecideApprovalBody,
  ) {
    await this.runs.requireVisible(id, visibleTenant(caller));
    const { run, summaries, tasks } = await this.runs.decide(id, step, 'reject', body.payload ?? null, body.comment ?? null);
    return presentWorkflowRun(run, summaries, tasks);
  }

  @Sse(':id/events')
  @ApiOperation({
    operationId: 'streamWorkflowRunEvents',
    summary: "Stream a run's changes (Server-Sent Events)",
    description:
      'A `run` event with the whole run (as GET /workflow-runs/{id}) at once and after every change of the run or of one of its ' +
      'tasks (status, progress), at most about four a second; a `ping` keeps the stream open.',
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: "An endless event stream; each `run` event's data is a WorkflowRun.",
    standardSchema: workflowRunSchema,
  })
  @ApiResponse(badId)
  @ApiResponse(notFound)
  async events(
    @Param('id', { schema: workflowRunIdParam }) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<Observable<MessageEvent>> {
    await this.runs.requireVisible(id, visibleTenant(caller));
    const first = await this.runs.get(id);
    let taskIds = new Set(first.tasks.map((task) => task.id));
    const changes = merge(
      this.runEvents.stream(id),
      this.taskEvents
        .changes({ tenant: null, taskId: undefined })
        .pipe(filter((event) => event.type === 'task.updated' && taskIds.has(event.taskId))),
      // Elements of a fanned-out step are not listed in taskIds: while one runs, look again now and then.
      interval(2_000).pipe(filter(() => first.run.steps.some((step) => step.for_each !== undefined))),
    ).pipe(
      throttleTime(250, undefined, { leading: true, trailing: true }),
      concatMap(async () => {
        const detail = await this.runs.get(id);
        taskIds = new Set(detail.tasks.map((task) => task.id));
        return detail;
      }),
    );
    const runs = concat(of(first), changes).pipe(
      map(({ run, summaries, tasks }): MessageEvent => ({ type: 'run', data: presentWorkflowRun(run, summaries, tasks) })),
    );
    const pings = interval(KEEP_ALIVE_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    return merge(runs, pings);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'cancelWorkflowRun',
    summary: 'Cancel a run',
    description: "Ends the run for good and cancels its current step's task if it is unfinished.",
  })
  @ApiResponse({ status: 200, description: 'Cancelled.', standardSchema: workflowRunSchema })
  @ApiResponse(badId)
  @ApiResponse(notFound)
  @ApiResponse(conflict('The run has already completed or been cancelled.'))
  async cancel(@Param('id', { schema: workflowRunIdParam }) id: string, @CurrentCaller() caller: Caller) {
    await this.runs.requireVisible(id, visibleTenant(caller));
    const { run, summaries, tasks } = await this.runs.cancel(id);
    return presentWorkflowRun(run, summaries, tasks);
  }
}

@ApiTags('workflow-runs')
@Controller('workflow-approvals')
export class WorkflowApprovalsController {
  constructor(private readonly runs: WorkflowRunsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listPendingApprovals',
    summary: 'Approval steps waiting for a decision',
    description: 'In running or paused runs, oldest run first (at most 100).',
  })
  @ApiResponse({ status: 200, standardSchema: pendingApprovalListSchema })
  async list(@CurrentCaller() caller: Caller) {
    return this.runs.pendingApprovalList(visibleTenant(caller));
  }
}
