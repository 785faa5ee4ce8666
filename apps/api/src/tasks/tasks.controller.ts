import { isFinalStatus, TASK_TYPES } from '@atropos/tasks';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { errorSchema } from '../common/error.schema.js';
import { presentTask, presentTaskStatus } from './task.presenter.js';
import type { CreateTaskBody, ListTasksQuery } from './task.schemas.js';
import {
  createTaskBody,
  listTasksQuery,
  taskIdParam,
  taskListSchema,
  taskNotFinishedSchema,
  taskResultSchema,
  taskSchema,
  taskStatusViewSchema,
} from './task.schemas.js';
import { TasksService } from './tasks.service.js';

/** Seconds a client should wait before asking again for the result of an unfinished task. */
const RESULT_RETRY_AFTER_S = 2;

const badRequest = { status: 400, description: 'Invalid input; `message` and `details` name each field at fault.', standardSchema: errorSchema };
const notFound = { status: 404, description: 'No task has this id.', standardSchema: errorSchema };

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Post()
  @ApiOperation({ summary: 'Create a task', description: 'Stores the task as `pending` and queues it for a worker.' })
  @ApiBody({
    schema: { $ref: '#/components/schemas/CreateTaskRequest' },
    examples: Object.fromEntries(
      TASK_TYPES.map((type) => [type.name, { summary: type.description, value: { task_type: type.name, parameters: type.example } }]),
    ),
  })
  @ApiResponse({ status: 201, description: 'Created and queued.', standardSchema: taskSchema })
  @ApiResponse({ ...badRequest, description: 'Unknown task type (the message lists the valid ones) or invalid parameters.' })
  @ApiResponse({ status: 503, description: 'Redis is unavailable; nothing was created.', standardSchema: errorSchema })
  async create(@Body({ schema: createTaskBody }) body: CreateTaskBody) {
    return presentTask(await this.tasks.create(body));
  }

  @Get()
  @ApiOperation({ summary: 'List tasks, newest first', description: 'Filter by status and type; page with `limit` and `cursor`.' })
  @ApiResponse({ status: 200, standardSchema: taskListSchema })
  @ApiResponse(badRequest)
  async list(@Query({ schema: listTasksQuery }) query: ListTasksQuery) {
    const { tasks, nextCursor } = await this.tasks.list(query);
    return { data: tasks.map(presentTask), next_cursor: nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a whole task', description: 'Parameters, status, progress, result, every attempt error, timestamps.' })
  @ApiResponse({ status: 200, standardSchema: taskSchema })
  @ApiResponse({ ...badRequest, description: 'The id is not a UUID.' })
  @ApiResponse(notFound)
  async get(@Param('id', { schema: taskIdParam }) id: string) {
    return presentTask(await this.tasks.get(id));
  }

  @Get(':id/status')
  @ApiOperation({ summary: "Get a task's status and progress", description: 'The light view for polling.' })
  @ApiResponse({ status: 200, standardSchema: taskStatusViewSchema })
  @ApiResponse({ ...badRequest, description: 'The id is not a UUID.' })
  @ApiResponse(notFound)
  async status(@Param('id', { schema: taskIdParam }) id: string) {
    return presentTaskStatus(await this.tasks.get(id));
  }

  @Get(':id/result')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
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
  async result(@Param('id', { schema: taskIdParam }) id: string, @Res({ passthrough: true }) response: Response) {
    const task = await this.tasks.get(id);
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
}
