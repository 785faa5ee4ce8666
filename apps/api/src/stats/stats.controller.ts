import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DURATION_WINDOW_HOURS, THROUGHPUT_WINDOW_MINUTES, taskStatsSchema } from './stats.schemas.js';
import { StatsService } from './stats.service.js';
import type { Caller } from '../security/caller.js';
import { CurrentCaller, visibleTenant } from '../security/caller.js';

/**
 * `GET /tasks/stats`. Express matches routes in the order they are registered, and TasksController
 * has `GET /tasks/:id` (which answers 400 to an id that is not a UUID): AppModule therefore imports
 * StatsModule before TasksModule.
 */
@ApiTags('stats')
@Controller('tasks/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({
    operationId: 'getTaskStats',
    summary: 'Task statistics',
    description:
      'Counts by status and by type; the p50 and p95 duration per type over the tasks completed in the last ' +
      `${DURATION_WINDOW_HOURS} hours; completions and failures per minute over the last ${THROUGHPUT_WINDOW_MINUTES} minutes.`,
  })
  @ApiResponse({ status: 200, description: 'The figures, as of `generated_at`.', standardSchema: taskStatsSchema })
  async get(@CurrentCaller() caller: Caller) {
    return this.stats.taskStats(visibleTenant(caller));
  }
}
