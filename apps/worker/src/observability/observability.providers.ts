import type { Provider } from '@nestjs/common';
import { AttemptTelemetry } from './attempt-telemetry.js';
import { TaskLogStore } from './task-log.store.js';
import { TracingShutdown } from './tracing-shutdown.js';
import { WorkerMetrics } from './worker-metrics.js';

/** The worker's metrics, attempt logs and attempt spans. */
export const observabilityProviders: Provider[] = [WorkerMetrics, TaskLogStore, AttemptTelemetry, TracingShutdown];
