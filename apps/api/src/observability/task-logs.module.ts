import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { TaskLogsController } from './task-logs.controller.js';
import { TaskLogsService } from './task-logs.service.js';

/** `GET /tasks/{id}/logs` and its live stream: each attempt's log. */
@Module({
  imports: [DatabaseModule],
  controllers: [TaskLogsController],
  providers: [TaskLogsService],
})
export class TaskLogsModule {}
