import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireScope } from '../security/access.decorators.js';
import { QueueControlService } from './queue-control.service.js';

export const queueStateSchema = z
  .object({
    paused: z.boolean().describe('True while workers take no new jobs.'),
    waiting: z.int().describe('Jobs ready to run.'),
    active: z.int().describe('Jobs workers hold right now.'),
    delayed: z.int().describe('Scheduled jobs and retries waiting for their backoff.'),
  })
  .meta({ id: 'QueueState' });

const flushResultSchema = z
  .object({ cancelled: z.int().describe('Pending and retrying tasks cancelled.') })
  .meta({ id: 'QueueFlushResult' });

@ApiTags('queue')
@Controller('queue')
export class QueueControlController {
  constructor(private readonly queue: QueueControlService) {}

  @Get()
  @ApiOperation({ operationId: 'getQueue', summary: 'The queue: paused or not, and its job counts' })
  @ApiResponse({ status: 200, standardSchema: queueStateSchema })
  state() {
    return this.queue.state();
  }

  @Post('pause')
  @RequireScope('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'pauseQueue',
    summary: 'Pause the queue',
    description: 'Workers finish the tasks they hold and take no new ones.',
  })
  @ApiResponse({ status: 200, standardSchema: queueStateSchema })
  pause() {
    return this.queue.pause();
  }

  @Post('resume')
  @RequireScope('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'resumeQueue', summary: 'Resume the queue' })
  @ApiResponse({ status: 200, standardSchema: queueStateSchema })
  resume() {
    return this.queue.resume();
  }

  @Post('flush')
  @RequireScope('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'flushQueue',
    summary: 'Cancel every pending and retrying task',
    description: 'Running tasks are left alone.',
  })
  @ApiResponse({ status: 200, standardSchema: flushResultSchema })
  async flush() {
    return { cancelled: await this.queue.flush() };
  }
}
