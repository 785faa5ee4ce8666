import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { TaskTypesService } from './task-types.service.js';

/** Every task type the API accepts: the catalog read at start and the types workers registered. */
@Module({
  imports: [DatabaseModule],
  providers: [TaskTypesService],
  exports: [TaskTypesService],
})
export class TaskTypeRegistryModule {}
