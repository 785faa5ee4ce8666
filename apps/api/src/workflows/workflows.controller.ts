import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { errorSchema } from '../common/error.schema.js';
import { findReferences } from './references.js';
import type { WorkflowDefinition } from './workflow-definitions.js';
import { WORKFLOW_DEFINITIONS } from './workflow-definitions.js';
import { presentWorkflowRun } from './workflow-run.presenter.js';
import { WorkflowRunsService } from './workflow-runs.service.js';
import type { StartWorkflowRunBody } from './workflow.schemas.js';
import { startWorkflowRunBody, workflowListSchema, workflowNameParam, workflowRunSchema } from './workflow.schemas.js';

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowsController {
  constructor(
    @Inject(WORKFLOW_DEFINITIONS) private readonly definitions: WorkflowDefinition[],
    private readonly runs: WorkflowRunsService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listWorkflows',
    summary: 'List the workflows',
    description: 'The definitions loaded from config/workflows.json at start, with their steps.',
  })
  @ApiResponse({ status: 200, standardSchema: workflowListSchema })
  list() {
    return this.definitions.map((workflow) => ({
      name: workflow.name,
      description: workflow.description,
      input_paths: inputPaths(workflow),
      steps: workflow.steps.map((step) => ({
        name: step.name,
        task_type: step.task_type,
        description: step.description ?? null,
        parameters: step.parameters,
      })),
    }));
  }

  @Post(':name/runs')
  @ApiOperation({
    operationId: 'startWorkflowRun',
    summary: 'Start a run of a workflow',
    description:
      "Copies the workflow's steps into a new run and queues its first step's task. " +
      'The run and its step tasks belong to the API key that started it: they count towards its MAX_OPEN_TASKS_PER_KEY.',
  })
  @ApiResponse({ status: 201, description: 'Started; the first step is queued.', standardSchema: workflowRunSchema })
  @ApiResponse({ status: 400, description: 'Invalid body, or input that a step reads is missing.', standardSchema: errorSchema })
  @ApiResponse({ status: 404, description: 'No workflow has this name; the message lists those that exist.', standardSchema: errorSchema })
  @ApiResponse({
    status: 429,
    description: 'The API key has MAX_OPEN_TASKS_PER_KEY unfinished tasks (no run was started), or the rate limit is reached.',
    standardSchema: errorSchema,
  })
  async start(
    @Param('name', { schema: workflowNameParam }) name: string,
    @Body({ schema: startWorkflowRunBody }) body: StartWorkflowRunBody,
    @Req() request: Request & { apiKeyId?: string },
  ) {
    const { run, tasks } = await this.runs.start(name, body.input, request.apiKeyId);
    return presentWorkflowRun(run, tasks);
  }
}

/** The input paths a workflow's steps read, each once, in the order they first appear. */
function inputPaths(workflow: WorkflowDefinition): string[] {
  const paths = workflow.steps.flatMap((step) =>
    findReferences(step.parameters).references.flatMap(({ reference }) => (reference.source === 'input' ? [reference.path.join('.')] : [])),
  );
  return [...new Set(paths)];
}
