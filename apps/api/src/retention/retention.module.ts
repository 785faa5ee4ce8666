import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { RetentionService } from './retention.service.js';

/** Deletes final tasks and workflow runs older than RESULT_RETENTION_DAYS, at start and periodically. */
@Module({
  imports: [DatabaseModule],
  providers: [RetentionService],
})
export class RetentionModule {}
