import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module.js';
import { QueueControlModule } from '../queue/queue-control.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { StatsModule } from '../stats/stats.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardService } from './dashboard.service.js';

/** `GET /dashboard`: the web dashboard's figures in one request. */
@Module({
  imports: [QueueModule, StatsModule, HealthModule, QueueControlModule, TasksModule, WorkflowsModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
