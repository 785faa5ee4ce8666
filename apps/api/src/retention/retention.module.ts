import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { RetentionService } from './retention.service.js';

/** Deletes final tasks and workflow runs older than RESULT_RETENTION_DAYS, and audit entries older than AUDIT_RETENTION_DAYS, at start and periodically. */
@Module({
  imports: [DatabaseModule, AuditModule],
  providers: [RetentionService],
})
export class RetentionModule {}
