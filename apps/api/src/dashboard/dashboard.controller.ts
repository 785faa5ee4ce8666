import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../security/caller.js';
import { CurrentCaller, visibleTenant } from '../security/caller.js';
import { dashboardSchema } from './dashboard.schemas.js';
import { DashboardService } from './dashboard.service.js';

/** `GET /dashboard`. */
@ApiTags('stats')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({
    operationId: 'getDashboard',
    summary: 'Everything the dashboard shows, in one request',
    description:
      'The task stats, health, queue and queues, pending approvals and the status of the tasks the live workers hold, ' +
      'each as its own route answers it, scoped to the caller as there. A part that could not be read is null, with the reason in `errors`.',
  })
  @ApiResponse({ status: 200, standardSchema: dashboardSchema })
  async get(@CurrentCaller() caller: Caller) {
    return this.dashboard.read(visibleTenant(caller));
  }
}
