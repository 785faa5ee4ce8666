import { Module } from '@nestjs/common';
import { TaskTypesController } from './task-types.controller.js';

/** `GET /task-types`, from the TaskTypeCatalog read at start. */
@Module({ controllers: [TaskTypesController] })
export class TaskTypesModule {}
