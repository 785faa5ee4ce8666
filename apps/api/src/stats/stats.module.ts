import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { StatsController } from './stats.controller.js';
import { StatsService } from './stats.service.js';
import { TaskCountsFoldService } from './task-counts-fold.service.js';

/** `GET /tasks/stats`, and the fold of the task counts it reads. */
@Module({
  imports: [DatabaseModule],
  controllers: [StatsController],
  providers: [StatsService, TaskCountsFoldService],
  exports: [StatsService],
})
export class StatsModule {}
