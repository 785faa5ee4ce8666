import { taskEventSchema } from '@atropos/tasks';
import { Controller, Inject, Query, Req, Sse } from '@nestjs/common';
import type { MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { finalize, interval, map, merge } from 'rxjs';
import { z } from 'zod';
import { errorSchema } from '../common/error.schema.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { EventStreamSlots } from './event-stream-slots.js';
import { TaskEventsService } from './task-events.service.js';
import type { Caller, IdentifiedRequest } from '../security/caller.js';
import { CurrentCaller, visibleTenant } from '../security/caller.js';

/** A comment-like ping now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

const eventsQuery = z.strictObject({
  task_id: z.uuid({ error: 'must be a task id (a UUID)' }).optional().describe('Only the events of this task.'),
});

@ApiTags('task-events')
@Controller('tasks/events')
export class TaskEventsController {
  private readonly slots: EventStreamSlots;

  constructor(
    private readonly events: TaskEventsService,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.slots = new EventStreamSlots(config.sseMaxConnections, config.sseMaxConnectionsPerKey);
  }

  @Sse()
  @ApiOperation({
    operationId: 'streamTaskEvents',
    summary: 'Stream task changes (Server-Sent Events)',
    description:
      "Each event is named `task.updated` (data: the task's status, progress and attempts) or `task.deleted`; a `ping` " +
      'event keeps the stream open. Events from every worker and API replica arrive through Redis.',
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'An endless event stream; each `data` is a TaskEvent.', standardSchema: taskEventSchema })
  @ApiResponse({ status: 400, description: '`task_id` is not a UUID.', standardSchema: errorSchema })
  @ApiResponse({
    status: 429,
    description:
      'This client (API key, or address) or this API has as many streams open as SSE_MAX_CONNECTIONS_PER_KEY / SSE_MAX_CONNECTIONS allow.',
    standardSchema: errorSchema,
  })
  stream(
    @Query({ schema: eventsQuery }) query: z.output<typeof eventsQuery>,
    @Req() request: IdentifiedRequest,
    @CurrentCaller() caller: Caller,
  ): Observable<MessageEvent> {
    const release = this.slots.acquire(request.apiKeyId ? `key:${request.apiKeyId}` : `ip:${request.ip ?? 'unknown'}`);
    // Only the tenant's tasks: another tenant's task_id streams nothing, as an unknown one does.
    const changes = this.events
      .stream(visibleTenant(caller), query.task_id)
      .pipe(map((event): MessageEvent => ({ type: event.type, data: event })));
    const pings = interval(KEEP_ALIVE_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    // Nest unsubscribes when the client goes away, which gives the slot back.
    return merge(changes, pings).pipe(finalize(release));
  }
}
