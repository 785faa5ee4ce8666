import { TaskTypeCatalog } from '@atropos/tasks';
import { loadTaskTypeCatalog } from '@atropos/tasks/config';
import { Module } from '@nestjs/common';
import type { WorkerConfig } from './config/worker.config.js';
import { loadWorkerConfig, WORKER_CONFIG } from './config/worker.config.js';
import { ControlListenerService } from './control/control-listener.service.js';
import { databaseProviders } from './database/database.providers.js';
import { TaskEventsPublisher } from './events/task-events.publisher.js';
import { HeartbeatService } from './heartbeat/heartbeat.service.js';
import { tasksQueueProvider } from './queue/tasks-queue.provider.js';
import { TaskRunnerService } from './runner/task-runner.service.js';

@Module({
  providers: [
    { provide: WORKER_CONFIG, useFactory: () => loadWorkerConfig() },
    // Loaded once: the task types are fixed for the life of the process.
    { provide: TaskTypeCatalog, useFactory: (config: WorkerConfig) => loadTaskTypeCatalog(config.configDir), inject: [WORKER_CONFIG] },
    ...databaseProviders,
    tasksQueueProvider,
    TaskEventsPublisher,
    TaskRunnerService,
    HeartbeatService,
    ControlListenerService,
  ],
})
export class WorkerModule {}
