import { Controller, Get, Headers, Param, Query, Sse } from '@nestjs/common';
import type { MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { interval, map, merge } from 'rxjs';
import { errorSchema } from '../common/error.schema.js';
import { taskIdParam } from '../tasks/task.schemas.js';
import type { TaskLogStreamQuery, TaskLogsQuery } from './task-logs.schemas.js';
import { taskLogPageSchema, taskLogStreamQuery, taskLogsQuery } from './task-logs.schemas.js';
import { DataSource } from 'typeorm';
import type { Caller } from '../security/caller.js';
import { CurrentCaller, visibleTenant } from '../security/caller.js';
import { requireVisibleTask } from '../tasks/task-visibility.js';
import { TaskLogsService } from './task-logs.service.js';

/** A comment-like ping now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

const badRequest = {
  status: 400,
  description: 'Invalid id or filter; `message` and `details` name each field at fault.',
  standardSchema: errorSchema,
};
const notFound = { status: 404, description: 'No task has this id.', standardSchema: errorSchema };

@ApiTags('task-logs')
@Controller('tasks')
export class TaskLogsController {
  constructor(
    private readonly logs: TaskLogsService,
    private readonly dataSource: DataSource,
  ) {}

  @Get(':id/logs')
  @ApiOperation({
    operationId: 'listTaskLogs',
    summary: "Read a task's log",
    description:
      "What its handler wrote with `ctx.log` and the lines its command printed, attempt by attempt, oldest first. An attempt keeps at most the worker's TASK_LOG_MAX_LINES lines, then one line saying how many were dropped.",
  })
  @ApiResponse({ status: 200, standardSchema: taskLogPageSchema })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  async list(
    @Param('id', { schema: taskIdParam }) id: string,
    @Query({ schema: taskLogsQuery }) query: TaskLogsQuery,
    @CurrentCaller() caller: Caller,
  ) {
    await requireVisibleTask(this.dataSource, id, visibleTenant(caller));
    return this.logs.page(id, { attempt: query.attempt, level: query.level }, query.cursor, query.limit);
  }

  @Get(':id/logs/stream')
  @Sse()
  @ApiOperation({
    operationId: 'streamTaskLogs',
    summary: "Follow a task's log (Server-Sent Events)",
    description:
      'The stored lines after `after` (or Last-Event-ID), then each new line as a worker stores it. Each event is named `log` with `data` `{"lines": [TaskLogLine, …]}` and `id` the last line\'s id; a `ping` event keeps the stream open.',
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'An endless event stream.' })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  async stream(
    @Param('id', { schema: taskIdParam }) id: string,
    @Query({ schema: taskLogStreamQuery }) query: TaskLogStreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentCaller() caller: Caller,
  ): Promise<Observable<MessageEvent>> {
    await requireVisibleTask(this.dataSource, id, visibleTenant(caller));
    // A reconnecting EventSource says where it stopped; it outranks the `after` of its first request.
    const resumeAt = lastEventId && /^\d{1,18}$/.test(lastEventId) ? lastEventId : query.after;
    const lines = await this.logs.stream(id, { attempt: query.attempt, level: query.level }, resumeAt);
    const pings = interval(KEEP_ALIVE_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    return merge(lines, pings);
  }
}
