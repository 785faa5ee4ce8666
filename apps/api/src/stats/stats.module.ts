import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { StatsController } from './stats.controller.js';
import { StatsService } from './stats.service.js';

/** `GET /tasks/stats`. */
@Module({
  imports: [DatabaseModule],
  controllers: [StatsController],
  providers: [StatsService],
})
export class StatsModule {}
