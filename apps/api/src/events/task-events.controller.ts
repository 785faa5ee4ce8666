import { parseTaskEventId } from '@atropos/queue';
import type { TaskEventPosition } from '@atropos/queue';
import { taskEventSchema, taskEventsResetSchema } from '@atropos/tasks';
import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { errorSchema } from '../common/error.schema.js';
import { invalidRequest } from '../common/validation.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { EventStreamSlots } from './event-stream-slots.js';
import { writeEventStream } from './sse-response.js';
import { TaskEventsService } from './task-events.service.js';
import type { Caller, IdentifiedRequest } from '../security/caller.js';
import { CurrentCaller, visibleTenant } from '../security/caller.js';

const EVENT_ID_FORMAT = 'must be the id of an event of this stream (<ms>-<seq>-<index>, e.g. 1764573413000-0-2)';

const eventsQuery = z.strictObject({
  task_id: z.uuid({ error: 'must be a task id (a UUID)' }).optional().describe('Only the events of this task.'),
  last_event_id: z
    .string()
    .refine((id) => parseTaskEventId(id) !== null, { error: EVENT_ID_FORMAT })
    .optional()
    .describe(
      'Resume after this event: the Last-Event-ID header, for clients that cannot set headers (the header wins when both are given).',
    ),
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

  @Get()
  @ApiOperation({
    operationId: 'streamTaskEvents',
    summary: 'Stream task changes (Server-Sent Events)',
    description:
      "Each event is named `task.updated` (data: the task's status, progress and attempts) or `task.deleted`; a `ping` " +
      'event keeps the stream open. Events from every worker and API replica arrive through the task events log in Redis. ' +
      'Every event has an `id` (`<ms>-<seq>-<index>`: the log entry, then the index in it), unique and in the order the ' +
      "events were written; a `ping`'s id is the point the client has had every event of its filter up to. A client that " +
      'reconnects with `Last-Event-ID` (an EventSource does it by itself) gets what happened after that id, filtered as ' +
      'live events are, then the live events, none twice. When the log (TASK_EVENTS_LOG_LENGTH write groups) no longer ' +
      'holds all of it, the client gets one `reset` event instead (data: TaskEventsReset): it missed events and should ' +
      'read the tasks again; live events follow.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last event the client received: the stream resumes after it.',
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: 'An endless event stream; each `data` is a TaskEvent (a `reset` event: a TaskEventsReset).',
    standardSchema: z.union([taskEventSchema, taskEventsResetSchema]),
  })
  @ApiResponse({
    status: 400,
    description: '`task_id` is not a UUID, or `Last-Event-ID` / `last_event_id` is not an event id.',
    standardSchema: errorSchema,
  })
  @ApiResponse({
    status: 429,
    description:
      'This client (API key, or address) or this API has as many streams open as SSE_MAX_CONNECTIONS_PER_KEY / SSE_MAX_CONNECTIONS allow.',
    standardSchema: errorSchema,
  })
  stream(
    @Query({ schema: eventsQuery }) query: z.output<typeof eventsQuery>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: IdentifiedRequest,
    @Res() response: Response,
    @CurrentCaller() caller: Caller,
  ): void {
    // Checked before a slot is taken: a refused request holds none.
    const resumeAfter = resumePosition(lastEventId, query.last_event_id);
    const release = this.slots.acquire(request.apiKeyId ? `key:${request.apiKeyId}` : `ip:${request.ip ?? 'unknown'}`);
    // Only the tenant's tasks: another tenant's task_id streams nothing, as an unknown one does.
    const filter = { tenant: visibleTenant(caller), taskId: query.task_id };
    // Written by hand, not by @Sse() (see writeEventStream); the client going away gives the slot back.
    writeEventStream(request, response, this.events.stream(filter, resumeAfter), release);
  }
}

/**
 * Where the client resumes: a reconnecting EventSource's Last-Event-ID outranks the
 * `last_event_id` of its first request (which it keeps sending). An empty header is none (the
 * spec's way for a server to clear the id).
 */
function resumePosition(header: string | undefined, query: string | undefined): TaskEventPosition | undefined {
  const id = header?.trim() ? header.trim() : query;
  if (id === undefined) return undefined;
  const position = parseTaskEventId(id);
  if (!position) throw invalidRequest([{ field: header?.trim() ? 'Last-Event-ID' : 'last_event_id', message: EVENT_ID_FORMAT }]);
  return position;
}
