import { Body, Controller, Get, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { errorSchema } from '../common/error.schema.js';
import { WorkflowCatalogService } from './workflow-catalog.service.js';
import type { WorkflowDefinition } from './workflow-definitions.js';
import { stepReferences } from './workflow-definitions.js';
import { presentWorkflowRun } from './workflow-run.presenter.js';
import { WorkflowRunsService } from './workflow-runs.service.js';
import { RequireScope } from '../security/access.decorators.js';
import type { AuditLocals } from '../audit/audit.middleware.js';
import type { Caller } from '../security/caller.js';
import { CurrentCaller } from '../security/caller.js';
import type { StartWorkflowRunBody } from './workflow.schemas.js';
import {
  startWorkflowRunBody,
  workflowListSchema,
  workflowNameParam,
  workflowRunSchema,
  workflowVersionListSchema,
} from './workflow.schemas.js';

const workflowSchema = workflowListSchema.element;

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowsController {
  constructor(
    private readonly runs: WorkflowRunsService,
    private readonly workflows: WorkflowCatalogService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listWorkflows',
    summary: 'List the workflows',
    description:
      'The latest version of each definition (seeded from config/workflows.json, or put by `PUT /workflows/{name}`), with its steps.',
  })
  @ApiResponse({ status: 200, standardSchema: workflowListSchema })
  async list() {
    return (await this.workflows.list()).map(({ version, definition }) => presentWorkflow(definition, version));
  }

  @Put(':name')
  // Definitions are shared by every tenant: changing one is the operator's.
  @RequireScope('admin')
  @ApiOperation({
    operationId: 'putWorkflow',
    summary: 'Create a new version of a workflow',
    description:
      'The body is one workflow as in config/workflows.json (its `name` may be left out), checked as at load: task types, names, needs ' +
      '(no cycle, no missing or self need), references (only to steps it needs, directly or not), conditions and static parameters. ' +
      'Runs already started keep their version. A body equal to the latest version creates nothing.',
  })
  @ApiResponse({ status: 201, description: 'A new version.', standardSchema: workflowSchema })
  @ApiResponse({ status: 200, description: 'Equal to the latest version: nothing created.', standardSchema: workflowSchema })
  @ApiResponse({ status: 400, description: 'The definition is invalid; `details` lists every error.', standardSchema: errorSchema })
  async put(
    @Param('name', { schema: workflowNameParam }) name: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    const saved = await this.workflows.put(name, body);
    response.status(saved.created ? HttpStatus.CREATED : HttpStatus.OK);
    return presentWorkflow(saved.definition, saved.version);
  }

  @Get(':name/versions')
  @ApiOperation({ operationId: 'listWorkflowVersions', summary: "A workflow's versions, newest first" })
  @ApiResponse({ status: 200, standardSchema: workflowVersionListSchema })
  @ApiResponse({ status: 404, description: 'No workflow has this name.', standardSchema: errorSchema })
  async versions(@Param('name', { schema: workflowNameParam }) name: string) {
    return (await this.workflows.versions(name)).map(({ version, definition, createdAt }) => ({
      name,
      version,
      created_at: createdAt.toISOString(),
      definition,
    }));
  }

  @Post(':name/runs')
  @ApiOperation({
    operationId: 'startWorkflowRun',
    summary: 'Start a run of a workflow',
    description:
      "Copies the latest version's steps into a new run and queues the tasks of the steps that need none. " +
      'The run and its step tasks belong to the tenant of the API key that started it: they count towards its MAX_OPEN_TASKS_PER_TENANT.',
  })
  @ApiResponse({ status: 201, description: 'Started; the first steps are queued.', standardSchema: workflowRunSchema })
  @ApiResponse({ status: 400, description: 'Invalid body, or input that a step reads is missing.', standardSchema: errorSchema })
  @ApiResponse({ status: 404, description: 'No workflow has this name; the message lists those that exist.', standardSchema: errorSchema })
  @ApiResponse({
    status: 429,
    description: "The key's tenant has MAX_OPEN_TASKS_PER_TENANT unfinished tasks (no run was started), or the rate limit is reached.",
    standardSchema: errorSchema,
  })
  async start(
    @Param('name', { schema: workflowNameParam }) name: string,
    @Body({ schema: startWorkflowRunBody }) body: StartWorkflowRunBody,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { run, summaries, tasks } = await this.runs.start(name, body.input, caller, body.labels);
    (response.locals as AuditLocals).auditTarget = run.id;
    return presentWorkflowRun(run, summaries, tasks);
  }
}

/** A definition as `GET /workflows` lists it. */
function presentWorkflow(workflow: WorkflowDefinition, version: number) {
  return {
    name: workflow.name,
    description: workflow.description,
    version,
    max_parallel: workflow.max_parallel,
    input_paths: inputPaths(workflow),
    steps: workflow.steps.map((step) => ({
      name: step.name,
      kind: step.kind,
      task_type: step.task_type ?? null,
      description: step.description ?? null,
      parameters: step.parameters,
      needs: step.needs ?? [],
      if: step.if ?? null,
      for_each: step.for_each ?? null,
      max_parallel: step.max_parallel ?? null,
      continue_on_failure: step.continue_on_failure ?? false,
      timeout: step.timeout ?? null,
      on_timeout: step.on_timeout ?? null,
    })),
  };
}

/** The input paths a workflow's steps read, each once, in the order they first appear. */
function inputPaths(workflow: WorkflowDefinition): string[] {
  const paths = workflow.steps.flatMap((step) =>
    stepReferences(step).references.flatMap(({ reference }) => (reference.source === 'input' ? [reference.path.join('.')] : [])),
  );
  return [...new Set(paths)];
}
