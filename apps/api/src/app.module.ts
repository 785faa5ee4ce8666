import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { SchemaValidationPipe } from './common/validation.js';
import { API_CONFIG, loadApiConfig } from './config/api.config.js';
import { databaseProviders } from './database/database.providers.js';
import { HealthController } from './health/health.controller.js';
import { HealthService } from './health/health.service.js';
import { queueProviders } from './queue/queue.providers.js';
import { TaskTypesController } from './task-types/task-types.controller.js';
import { TasksController } from './tasks/tasks.controller.js';
import { TasksService } from './tasks/tasks.service.js';

@Module({
  controllers: [TasksController, TaskTypesController, HealthController],
  providers: [
    { provide: API_CONFIG, useFactory: () => loadApiConfig() },
    { provide: APP_PIPE, useClass: SchemaValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    ...databaseProviders,
    ...queueProviders,
    TasksService,
    HealthService,
  ],
})
export class AppModule {}
