import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

/** `GET /health`: PostgreSQL, Redis and the live workers. */
@Module({
  imports: [DatabaseModule, QueueModule],
  controllers: [HealthController],
  providers: [HealthService],
  exports: [HealthService],
})
export class HealthModule {}
