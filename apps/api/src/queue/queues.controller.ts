import { Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { errorSchema } from '../common/error.schema.js';
import { RequireScope } from '../security/access.decorators.js';
import type { PoolState } from './pools.service.js';
import { PoolsService } from './pools.service.js';
import { QueueControlService } from './queue-control.service.js';

export const poolSchema = z
  .object({
    name: z.string().describe('The queue, as task types name it (`queue`) and workers serve it (WORKER_QUEUES).'),
    paused: z.boolean().describe('True while workers take no new jobs of it.'),
    waiting: z.int().describe('Jobs ready to run.'),
    active: z.int().describe('Jobs workers hold right now.'),
    delayed: z.int().describe('Scheduled jobs, retries waiting for their backoff, and tasks waiting for a flow-control limit.'),
    workers: z.int().describe('Live workers that serve it. 0: its tasks wait until one starts.'),
    task_types: z.array(z.string()).describe('The task types whose tasks go to it.'),
  })
  .meta({ id: 'Queue' });

const poolListSchema = z.object({ data: z.array(poolSchema) }).meta({ id: 'QueueList' });
const flushResultSchema = z.object({ cancelled: z.int().describe('Pending and retrying tasks of its types cancelled.') });

const nameParam = { name: 'name', description: 'The queue, e.g. `default` or `video`.', example: 'video' };

/** `/queues`: each queue (pool of workers) with its figures and its own pause, resume and flush. */
@ApiTags('queue')
@Controller('queues')
export class QueuesController {
  constructor(
    private readonly pools: PoolsService,
    private readonly control: QueueControlService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listQueues',
    summary: 'Every queue (pool of workers): depth, active, delayed and live workers',
    description: 'GET /queue sums them up.',
  })
  @ApiResponse({ status: 200, standardSchema: poolListSchema })
  async list() {
    return { data: await this.pools.list() };
  }

  @Get(':name')
  @ApiOperation({ operationId: 'getQueueByName', summary: 'One queue: depth, active, delayed and live workers' })
  @ApiParam(nameParam)
  @ApiResponse({ status: 200, standardSchema: poolSchema })
  @ApiResponse({ status: 404, description: 'No task type and no live worker has this queue.', standardSchema: errorSchema })
  async get(@Param('name') name: string) {
    return found(name, await this.pools.get(name));
  }

  @Post(':name/pause')
  @RequireScope('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'pauseQueueByName',
    summary: 'Pause one queue',
    description: 'Its workers finish what they hold and take no new task of it.',
  })
  @ApiParam(nameParam)
  @ApiResponse({ status: 200, standardSchema: poolSchema })
  @ApiResponse({ status: 404, standardSchema: errorSchema })
  async pause(@Param('name') name: string) {
    found(name, await this.pools.get(name));
    return found(name, await this.pools.pause(name));
  }

  @Post(':name/resume')
  @RequireScope('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'resumeQueueByName', summary: 'Resume one queue' })
  @ApiParam(nameParam)
  @ApiResponse({ status: 200, standardSchema: poolSchema })
  @ApiResponse({ status: 404, standardSchema: errorSchema })
  async resume(@Param('name') name: string) {
    found(name, await this.pools.get(name));
    return found(name, await this.pools.resume(name));
  }

  @Post(':name/flush')
  @RequireScope('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'flushQueueByName',
    summary: "Cancel every pending and retrying task of one queue's types",
    description: 'Running tasks are left alone.',
  })
  @ApiParam(nameParam)
  @ApiResponse({ status: 200, standardSchema: flushResultSchema })
  @ApiResponse({ status: 404, standardSchema: errorSchema })
  async flush(@Param('name') name: string) {
    found(name, await this.pools.get(name));
    const types = await this.pools.typesOf(name);
    return { cancelled: await this.control.flush(types.map((type) => type.name)) };
  }
}

function found(name: string, pool: PoolState | null): PoolState {
  if (!pool) throw new NotFoundException(`No queue ${JSON.stringify(name)}: no task type and no live worker has it`);
  return pool;
}
