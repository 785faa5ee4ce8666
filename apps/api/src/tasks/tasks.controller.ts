import type { RetryTaskBody } from '@atropos/tasks';
import { isFinalStatus, parameterVersionListSchema, retryTaskBodySchema, TASK_TYPES, toFieldProblems } from '@atropos/tasks';
import { TaskStore } from '@atropos/db';
import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  HttpException,
  HttpStatus,
  Logger,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { errorSchema } from '../common/error.schema.js';
import { invalidRequest } from '../common/validation.js';
import { WaitingReasons } from '../queue/waiting-reasons.js';
import { TaskTypesService } from '../task-types/task-types.service.js';
import { presentTask } from './task.presenter.js';
import { TaskActionsService } from './task-actions.service.js';
import type { Creation, CreationRequest } from './task-creation.service.js';
import { TaskCreationService } from './task-creation.service.js';
import type { CreateTaskBatchBody, CreateTaskBody, ListTasksQuery } from './task.schemas.js';
import {
  createTaskBatchBody,
  createTaskBody,
  idempotencyKeyHeader,
  MAX_BATCH_SIZE,
  taskBatchSchema,
  listTasksQuery,
  taskIdParam,
  taskListSchema,
  taskNotFinishedSchema,
  taskResultSchema,
  taskSchema,
  taskDetailSchema,
  taskStatusViewSchema,
} from './task.schemas.js';
import type { JsonText } from './tasks.service.js';
import { TasksService } from './tasks.service.js';
import type { AuditLocals } from '../audit/audit.middleware.js';
import type { Caller } from '../security/caller.js';
import { CurrentCaller, visibleTenant } from '../security/caller.js';
import type { ExportTasksQuery } from './list-tasks.query.js';
import { ApiTaskJsonFilters, exportTasksQuery } from './list-tasks.query.js';
import { streamExport } from './task-export.js';

/**
 * Exports one API process runs at once: each holds a database connection (its cursor's) until
 * the client has read it all, and the pool has 10 for everything else too.
 */
const MAX_CONCURRENT_EXPORTS = 2;

/** The read routes answer JSON text PostgreSQL wrote (TasksService); Nest sends a string as it is, with this type. */
const JSON_TYPE = 'application/json; charset=utf-8';

/** Seconds a client should wait before asking again for the result of an unfinished task. */
const RESULT_RETRY_AFTER_S = 2;

const idempotencyHeader = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Makes the request safe to repeat: the same key with the same body returns the tasks first created (200), with another body 422.',
};
const keyReused = { status: 422, description: 'The Idempotency-Key was used with a different request.', standardSchema: errorSchema };
const tooManyOpen = {
  status: 429,
  description: "The key's tenant has MAX_OPEN_TASKS_PER_TENANT unfinished tasks, or the rate limit is reached.",
  standardSchema: errorSchema,
};
const conflict = (description: string) => ({ status: 409, description, standardSchema: errorSchema });

const badRequest = {
  status: 400,
  description: 'Invalid input; `message` and `details` name each field at fault.',
  standardSchema: errorSchema,
};
const notFound = { status: 404, description: 'No task has this id.', standardSchema: errorSchema };

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  private readonly logger = new Logger(TasksController.name);
  private exportsRunning = 0;

  constructor(
    private readonly tasks: TasksService,
    private readonly creation: TaskCreationService,
    private readonly actions: TaskActionsService,
    private readonly taskTypes: TaskTypesService,
    private readonly waiting: WaitingReasons,
    private readonly store: TaskStore,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'createTask',
    summary: 'Create a task',
    description: 'Stores the task as `pending` and queues it for a worker, at once or at `delay_ms` / `run_at`.',
  })
  @ApiHeader(idempotencyHeader)
  @ApiBody({
    schema: { $ref: '#/components/schemas/CreateTaskRequest' },
    examples: Object.fromEntries(
      TASK_TYPES.map((type) => [type.name, { summary: type.description, value: { task_type: type.name, parameters: type.example } }]),
    ),
  })
  @ApiResponse({ status: 201, description: 'Created and queued.', standardSchema: taskSchema })
  @ApiResponse({ status: 200, description: 'Created earlier with the same Idempotency-Key.', standardSchema: taskSchema })
  @ApiResponse({ ...badRequest, description: 'Unknown task type (the message lists the valid ones) or invalid parameters.' })
  @ApiResponse(keyReused)
  @ApiResponse(tooManyOpen)
  @ApiResponse({ status: 503, description: 'Redis is unavailable; nothing was created.', standardSchema: errorSchema })
  async create(
    @Body({ schema: createTaskBody }) body: CreateTaskBody,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ) {
    const creation = await this.createTasks(
      { items: [body], fieldPrefix: () => '' },
      { route: 'POST /tasks', body, key, caller, response },
    );
    return presentTask(creation.tasks[0]!);
  }

  @Post('batch')
  @ApiOperation({
    operationId: 'createTaskBatch',
    summary: `Create up to ${MAX_BATCH_SIZE} tasks at once`,
    description: 'All or none: one bad item fails the batch, and the answer names each item (`tasks.<index>.<field>`) at fault.',
  })
  @ApiHeader(idempotencyHeader)
  @ApiResponse({ status: 201, description: 'Created and queued, in the order sent.', standardSchema: taskBatchSchema })
  @ApiResponse({ status: 200, description: 'Created earlier with the same Idempotency-Key.', standardSchema: taskBatchSchema })
  @ApiResponse({ ...badRequest, description: 'Some items are invalid; none was created.' })
  @ApiResponse(keyReused)
  @ApiResponse(tooManyOpen)
  @ApiResponse({ status: 503, description: 'Redis is unavailable; nothing was created.', standardSchema: errorSchema })
  async createBatch(
    @Body({ schema: createTaskBatchBody }) body: CreateTaskBatchBody,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ) {
    const items = { items: body.tasks, fieldPrefix: (index: number) => `tasks.${index}.` };
    const creation = await this.createTasks(items, { route: 'POST /tasks/batch', body, key, caller, response });
    return { data: creation.tasks.map(presentTask) };
  }

  @Get()
  @ApiOperation({
    operationId: 'listTasks',
    summary: 'List tasks, newest first',
    description:
      'Filter by status(es), type, creation time and parameter or result values; page with `limit` and `cursor`. ' +
      'Each task comes without its parameters, result and attempt errors unless `include` names them.',
  })
  @ApiTaskJsonFilters()
  @ApiResponse({ status: 200, standardSchema: taskListSchema })
  @ApiResponse(badRequest)
  @Header('Content-Type', JSON_TYPE)
  async list(@Query({ schema: listTasksQuery }) query: ListTasksQuery, @CurrentCaller() caller: Caller): Promise<JsonText> {
    await this.checkTaskType(query.task_type);
    return this.tasks.listJson(query, visibleTenant(caller));
  }

  // Before `:id`, which would take "export" for a task id.
  @Get('export')
  @ApiOperation({
    operationId: 'exportTasks',
    summary: 'Download every task matching the filters',
    description:
      'The filters of GET /tasks, newest first, as CSV or JSON lines (`format`). Streamed: the API holds a few hundred tasks ' +
      'at a time, whatever the number exported. A transfer cut short means the export failed; the file is whole only when it ends cleanly.',
  })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiTaskJsonFilters()
  @ApiResponse({
    status: 200,
    description: 'The tasks, as an attachment (`Content-Disposition`).',
    content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiResponse(badRequest)
  @ApiResponse({
    status: 429,
    description: `${MAX_CONCURRENT_EXPORTS} exports are running on this API process; try again later.`,
    standardSchema: errorSchema,
  })
  async export(
    @Query({ schema: exportTasksQuery }) query: ExportTasksQuery,
    @CurrentCaller() caller: Caller,
    @Res() response: Response,
  ): Promise<void> {
    await this.checkTaskType(query.task_type);
    if (this.exportsRunning >= MAX_CONCURRENT_EXPORTS) {
      throw new HttpException(
        `${MAX_CONCURRENT_EXPORTS} exports are already running; try again when one has finished`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.exportsRunning++;
    try {
      await streamExport(this.tasks.exportChunks(query, visibleTenant(caller), query.format), query.format, response, this.logger);
    } finally {
      this.exportsRunning--;
    }
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getTask',
    summary: 'Get a whole task',
    description:
      'Parameters, status, progress, result, every attempt error, timestamps, the artifacts it saved, and why it waits (`waiting_reason`).',
  })
  @ApiResponse({ status: 200, standardSchema: taskDetailSchema })
  @ApiResponse({ ...badRequest, description: 'The id is not a UUID.' })
  @ApiResponse(notFound)
  @Header('Content-Type', JSON_TYPE)
  async get(@Param('id', { schema: taskIdParam }) id: string, @CurrentCaller() caller: Caller): Promise<JsonText> {
    const task = await this.tasks.detailJson(id, visibleTenant(caller));
    const waitingReason = await this.waiting.of(task);
    // The JSON ends in `"waiting_reason":null}` (see TasksService): a reason takes the null's place.
    return waitingReason === null ? task.json : `${task.json.slice(0, -'null}'.length)}${JSON.stringify(waitingReason)}}`;
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'cancelTask',
    summary: 'Cancel a task',
    description: 'A pending or retrying task is cancelled and unqueued; a processing one is stopped through its AbortSignal.',
  })
  @ApiResponse({ status: 200, description: 'Cancelled.', standardSchema: taskSchema })
  @ApiResponse({ ...badRequest, description: 'The id is not a UUID.' })
  @ApiResponse(notFound)
  @ApiResponse(conflict('The task is already final.'))
  async cancel(@Param('id', { schema: taskIdParam }) id: string, @CurrentCaller() caller: Caller) {
    return presentTask(await this.actions.cancel(id, visibleTenant(caller)));
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'retryTask',
    summary: 'Run a failed or cancelled task again',
    description:
      'With a fresh budget of attempts; the earlier attempts stay in `attempt_errors`. With `parameters`, it runs with ' +
      'them (merged into its own, or replacing them: `mode`), validated against its type; every version it had is kept ' +
      'with who set it and when (GET /tasks/{id}/parameter-versions).',
  })
  // Optional: a plain retry sends no body.
  @ApiBody({ required: false, schema: { $ref: '#/components/schemas/RetryTaskRequest' } })
  @ApiResponse({ status: 202, description: 'Queued again.', standardSchema: taskSchema })
  @ApiResponse({ ...badRequest, description: 'The id is not a UUID, or the parameters do not fit the task type.' })
  @ApiResponse(notFound)
  @ApiResponse(conflict('The task is not failed or cancelled, or is still being stopped.'))
  async retry(
    @Param('id', { schema: taskIdParam }) id: string,
    @Body({ schema: retryTaskBodySchema }) body: RetryTaskBody,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ) {
    const edit = body?.parameters === undefined ? undefined : { parameters: body.parameters, mode: body.mode, changedBy: caller.keyName };
    const task = await this.actions.retry(id, visibleTenant(caller), edit);
    if (edit) (response.locals as AuditLocals).auditDetail = { mode: edit.mode, parameters: task.parameters };
    return presentTask(task);
  }

  @Get(':id/parameter-versions')
  @ApiOperation({
    operationId: 'listTaskParameterVersions',
    summary: "Every version of a task's parameters",
    description:
      'Oldest first: the parameters it was created with, then each edit made by a retry, with who made it, when, and the attempts that ran with it. ' +
      'A step task made by a workflow resume with new parameters starts with the parameters of the task it replaced (`ran_on_task_id`).',
  })
  @ApiResponse({ status: 200, standardSchema: parameterVersionListSchema })
  @ApiResponse({ ...badRequest, description: 'The id is not a UUID.' })
  @ApiResponse(notFound)
  async parameterVersions(@Param('id', { schema: taskIdParam }) id: string, @CurrentCaller() caller: Caller) {
    const task = await this.tasks.get(id, visibleTenant(caller));
    const versions = await this.store.parameterVersions(task);
    // This task's own versions, in order: each ran its attempts from its first until the next one's.
    const own = versions.filter((version) => version.previousTaskId === null);
    return {
      data: versions.map((version) => {
        const attempts: number[] = [];
        if (version.previousTaskId === null) {
          const next = own[own.indexOf(version) + 1];
          const last = Math.min((next?.fromAttempt ?? task.attempts + 1) - 1, task.attempts);
          for (let attempt = version.fromAttempt; attempt <= last; attempt++) attempts.push(attempt);
        }
        return {
          version: version.version,
          parameters: version.parameters,
          changed_by: version.changedBy,
          changed_at: version.changedAt.toISOString(),
          attempts,
          ran_on_task_id: version.previousTaskId,
        };
      }),
    };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'deleteTask',
    summary: 'Delete a final task',
    description: 'Completed, failed or cancelled; cancel a running task first.',
  })
  @ApiResponse({ status: 204, description: 'Deleted.' })
  @ApiResponse({ ...badRequest, description: 'The id is not a UUID.' })
  @ApiResponse(notFound)
  @ApiResponse(conflict('The task is not final.'))
  async delete(@Param('id', { schema: taskIdParam }) id: string, @CurrentCaller() caller: Caller) {
    await this.actions.delete(id, visibleTenant(caller));
  }

  @Get(':id/status')
  @ApiOperation({ operationId: 'getTaskStatus', summary: "Get a task's status and progress", description: 'The light view for polling.' })
  @ApiResponse({ status: 200, standardSchema: taskStatusViewSchema })
  @ApiResponse({ ...badRequest, description: 'The id is not a UUID.' })
  @ApiResponse(notFound)
  @Header('Content-Type', JSON_TYPE)
  async status(@Param('id', { schema: taskIdParam }) id: string, @CurrentCaller() caller: Caller): Promise<JsonText> {
    return this.tasks.statusJson(id, visibleTenant(caller));
  }

  @Get(':id/result')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'getTaskResult',
    summary: "Get a task's result",
    description: 'The result of a completed task or the error of a failed one; 202 with Retry-After while it is not final.',
  })
  @ApiResponse({ status: 200, description: 'The task is final.', standardSchema: taskResultSchema })
  @ApiResponse({
    status: 202,
    description: 'Not final yet; ask again after `Retry-After` seconds.',
    standardSchema: taskNotFinishedSchema,
    headers: { 'Retry-After': { description: 'Seconds to wait before asking again.', schema: { type: 'integer' } } },
  })
  @ApiResponse({ ...badRequest, description: 'The id is not a UUID.' })
  @ApiResponse(notFound)
  async result(
    @Param('id', { schema: taskIdParam }) id: string,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ) {
    const task = await this.tasks.get(id, visibleTenant(caller));
    if (!isFinalStatus(task.status)) {
      response.status(HttpStatus.ACCEPTED).setHeader('Retry-After', String(RESULT_RETRY_AFTER_S));
      return {
        id: task.id,
        status: task.status,
        progress: task.progress,
        progress_message: task.progressMessage,
        message: `The task is ${task.status}; ask again in ${RESULT_RETRY_AFTER_S} seconds`,
      };
    }
    return {
      id: task.id,
      status: task.status,
      result: task.result ?? null,
      error: task.error,
      attempt_errors: task.attemptErrors,
      completed_at: task.completedAt?.toISOString() ?? null,
    };
  }

  /**
   * Types are only known at run time (built-in, configured and registered by workers), so the query schema cannot
   * check them. A type read recently answers at once; an unfamiliar name waits for a fresh read of the registry.
   */
  private async checkTaskType(taskType: string | undefined): Promise<void> {
    if (taskType === undefined || this.taskTypes.known(taskType)) return;
    const names = (await this.taskTypes.all()).map((type) => type.name);
    if (names.includes(taskType)) return;
    throw invalidRequest([
      { field: 'task_type', message: `unknown task type ${JSON.stringify(taskType)}; valid types are ${names.join(', ')}` },
    ]);
  }

  /** Creation shared by the single and batch routes: 201 when created, 200 when an Idempotency-Key replays. */
  private async createTasks(
    items: Pick<CreationRequest, 'items' | 'fieldPrefix'>,
    http: { route: string; body: unknown; key: string | undefined; caller: Caller; response: Response },
  ): Promise<Creation> {
    const { route, body, response } = http;
    const key = idempotencyKeyHeader.safeParse(http.key);
    if (!key.success) throw invalidRequest(toFieldProblems(key.error.issues, 'Idempotency-Key'));
    const idempotency = key.data === undefined ? undefined : { key: key.data, route, body };
    const creation = await this.creation.create({ ...items, idempotency, caller: http.caller });
    response.status(creation.replayed ? HttpStatus.OK : HttpStatus.CREATED);
    (response.locals as AuditLocals).auditTarget = creation.tasks.map((task) => task.id).join(',');
    return creation;
  }
}
