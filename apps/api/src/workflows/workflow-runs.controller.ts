import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { errorSchema } from '../common/error.schema.js';
import { presentWorkflowRun, presentWorkflowRunSummary } from './workflow-run.presenter.js';
import { WorkflowRunsService } from './workflow-runs.service.js';
import type { ListWorkflowRunsQuery, ResumeWorkflowRunBody } from './workflow.schemas.js';
import {
  listWorkflowRunsQuery,
  resumeWorkflowRunBody,
  workflowRunIdParam,
  workflowRunListSchema,
  workflowRunSchema,
} from './workflow.schemas.js';

const badId = { status: 400, description: 'The id is not a UUID.', standardSchema: errorSchema };
const notFound = { status: 404, description: 'No workflow run has this id.', standardSchema: errorSchema };
const conflict = (description: string) => ({ status: 409, description, standardSchema: errorSchema });

@ApiTags('workflow-runs')
@Controller('workflow-runs')
export class WorkflowRunsController {
  constructor(private readonly runs: WorkflowRunsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listWorkflowRuns',
    summary: 'List workflow runs, newest first',
    description: 'Filter by status and workflow; page with `limit` and `cursor`.',
  })
  @ApiResponse({ status: 200, standardSchema: workflowRunListSchema })
  @ApiResponse({ status: 400, description: 'Invalid query.', standardSchema: errorSchema })
  async list(@Query({ schema: listWorkflowRunsQuery }) query: ListWorkflowRunsQuery) {
    const { runs, nextCursor } = await this.runs.list(query);
    return { data: runs.map(presentWorkflowRunSummary), next_cursor: nextCursor };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWorkflowRun', summary: 'Get a workflow run with the status of each step' })
  @ApiResponse({ status: 200, standardSchema: workflowRunSchema })
  @ApiResponse(badId)
  @ApiResponse(notFound)
  async get(@Param('id', { schema: workflowRunIdParam }) id: string) {
    const { run, tasks } = await this.runs.get(id);
    return presentWorkflowRun(run, tasks);
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
  async pause(@Param('id', { schema: workflowRunIdParam }) id: string) {
    const { run, tasks } = await this.runs.pause(id);
    return presentWorkflowRun(run, tasks);
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
    @Body({ schema: resumeWorkflowRunBody }) body: ResumeWorkflowRunBody,
  ) {
    const { run, tasks } = await this.runs.resume(id, body);
    return presentWorkflowRun(run, tasks);
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
  async cancel(@Param('id', { schema: workflowRunIdParam }) id: string) {
    const { run, tasks } = await this.runs.cancel(id);
    return presentWorkflowRun(run, tasks);
  }
}
