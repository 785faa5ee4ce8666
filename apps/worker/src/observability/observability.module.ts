import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { AttemptTelemetry } from './attempt-telemetry.js';
import { TaskLogStore } from './task-log.store.js';
import { TracingShutdown } from './tracing-shutdown.js';
import { WorkerMetrics } from './worker-metrics.js';

/** The worker's metrics (on METRICS_PORT), each attempt's log and span: what the runner reports to. */
@Module({
  imports: [DatabaseModule],
  providers: [WorkerMetrics, TaskLogStore, AttemptTelemetry, TracingShutdown],
  exports: [AttemptTelemetry],
})
export class ObservabilityModule {}
