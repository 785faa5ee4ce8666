import type { Provider, Type } from '@nestjs/common';
import { MetricsCollectors } from './metrics-collectors.js';
import { MetricsController } from './metrics.controller.js';
import { TaskLogsController } from './task-logs.controller.js';
import { TaskLogsService } from './task-logs.service.js';

/**
 * What watching Atropos adds to the API's own module (it reads the tasks' database and queue):
 * GET /metrics and its scrape-time readings, and the attempt logs' routes. ObservabilityModule
 * (global) provides the logger and ApiMetrics.
 */
export const observabilityControllers: Type[] = [MetricsController, TaskLogsController];
export const observabilityProviders: Provider[] = [MetricsCollectors, TaskLogsService];
