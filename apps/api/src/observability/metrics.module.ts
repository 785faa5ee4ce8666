import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { MetricsCollectors } from './metrics-collectors.js';
import { MetricsController } from './metrics.controller.js';

/** `GET /metrics`: ApiMetrics (ObservabilityModule) with what is read at each scrape from PostgreSQL and Redis. */
@Module({
  imports: [DatabaseModule, QueueModule],
  controllers: [MetricsController],
  providers: [MetricsCollectors],
})
export class MetricsModule {}
