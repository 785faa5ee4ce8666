import { Module } from '@nestjs/common';
import { TaskTypeRegistryModule } from './task-type-registry.module.js';
import { TaskTypesController } from './task-types.controller.js';

/** `GET /task-types`: the catalog read at start and the types workers registered, with their live workers. */
@Module({ imports: [TaskTypeRegistryModule], controllers: [TaskTypesController] })
export class TaskTypesModule {}
