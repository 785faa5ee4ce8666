import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { errorSchema } from '../common/error.schema.js';
import { TaskOutput } from '../common/storable-input.guard.js';
import { RequireScope } from '../security/access.decorators.js';
import type { ClaimRequest, CompleteRequest, FailRequest, HeartbeatRequest, ProgressRequest } from './worker-protocol.schemas.js';
import {
  claimedTaskSchema,
  claimRequest,
  completeRequest,
  failRequest,
  heartbeatRequest,
  leaseSchema,
  MAX_CLAIM_WAIT_S,
  outcomeSchema,
  progressRequest,
  workerTaskIdParam,
} from './worker-protocol.schemas.js';
import { WorkerProtocolService } from './worker-protocol.service.js';

const badRequest = {
  status: 400,
  description: 'Invalid body; `message` and `details` name each field at fault.',
  standardSchema: errorSchema,
};
const notFound = { status: 404, description: 'No task has this id.', standardSchema: errorSchema };
const refused = {
  status: 409,
  description:
    'The report changed nothing and the worker must stop working on the task: its attempt was superseded (the lease ran ' +
    'out and another claim took the task over), the task was cancelled or is otherwise final, or the attempt ran past its ' +
    'timeout (it is failed now, and retried if attempts remain). The message says which.',
  standardSchema: errorSchema,
};

/**
 * The worker protocol: workers in any language take tasks over HTTP. See README, "Workers in
 * other languages", for the whole exchange; every route needs a key with the `worker` scope (or
 * `admin`) once API_KEYS is set.
 */
@ApiTags('worker-protocol')
@Controller('worker')
@RequireScope('worker')
export class WorkerProtocolController {
  constructor(private readonly protocol: WorkerProtocolService) {}

  @Post('claims')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'claimTask',
    summary: 'Claim the next task of the types a worker serves (long poll)',
    description:
      `Starts the next attempt of the most urgent ready task of one of \`types\`, leased to the worker for HTTP_WORKER_LEASE_MS ` +
      `(30 s by default). Waits up to \`wait_s\` (at most ${MAX_CLAIM_WAIT_S} s) for one, then answers 204. A task whose ` +
      "previous worker's lease ran out is taken over here, as the next attempt. Send `attempt` with every report.",
  })
  @ApiResponse({ status: 200, description: 'A task: its attempt is leased to this worker.', standardSchema: claimedTaskSchema })
  @ApiResponse({ status: 204, description: 'No task came within `wait_s`: claim again.' })
  @ApiResponse({ ...badRequest, description: 'Invalid body, or a type that is not served over HTTP (the message lists those that are).' })
  async claim(@Body({ schema: claimRequest }) body: ClaimRequest, @Res({ passthrough: true }) response: Response) {
    const gone = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) gone.abort();
    });
    const claimed = await this.protocol.claim(body, gone.signal);
    if (!claimed) response.status(HttpStatus.NO_CONTENT);
    return claimed ?? undefined;
  }

  @Post('tasks/:id/heartbeat')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'heartbeatTask',
    summary: "Extend the attempt's lease",
    description: "Send one well within each lease (every third of it, say). Never extended past the attempt's timeout.",
  })
  @ApiResponse({ status: 200, description: 'The lease is extended.', standardSchema: leaseSchema })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  @ApiResponse(refused)
  heartbeat(@Param('id', { schema: workerTaskIdParam }) id: string, @Body({ schema: heartbeatRequest }) body: HeartbeatRequest) {
    return this.protocol.heartbeat(id, body.attempt);
  }

  @Post('tasks/:id/progress')
  @TaskOutput()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'reportTaskProgress',
    summary: 'Report progress, with a message',
    description: 'Shown with the task (and on its event stream) at once; extends the lease as a heartbeat does.',
  })
  @ApiResponse({ status: 200, description: 'Recorded; the lease is extended.', standardSchema: leaseSchema })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  @ApiResponse(refused)
  progress(@Param('id', { schema: workerTaskIdParam }) id: string, @Body({ schema: progressRequest }) body: ProgressRequest) {
    return this.protocol.progress(id, body);
  }

  @Post('tasks/:id/complete')
  @TaskOutput()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'completeTask', summary: 'Complete the task with its result' })
  @ApiResponse({
    status: 200,
    description: '`completed`; or `failed` when PostgreSQL refused the result itself (the task keeps the reason).',
    standardSchema: outcomeSchema,
  })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  @ApiResponse({ ...refused, description: `${refused.description} A late result of a superseded attempt is dropped.` })
  complete(@Param('id', { schema: workerTaskIdParam }) id: string, @Body({ schema: completeRequest }) body: CompleteRequest) {
    return this.protocol.complete(id, body);
  }

  @Post('tasks/:id/fail')
  @TaskOutput()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'failTask',
    summary: 'Fail the attempt, retryable or not',
    description:
      'Retryable with attempts left: the task is `retrying` and the next attempt is claimable after an exponential backoff ' +
      '(TASK_RETRY_BACKOFF_MS, doubling). Otherwise it fails for good. Either way the error joins its attempt errors.',
  })
  @ApiResponse({ status: 200, description: 'Recorded: `retrying` or `failed`.', standardSchema: outcomeSchema })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  @ApiResponse(refused)
  fail(@Param('id', { schema: workerTaskIdParam }) id: string, @Body({ schema: failRequest }) body: FailRequest) {
    return this.protocol.fail(id, body);
  }
}
