import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { AuditController } from './audit.controller.js';
import { AuditLogService } from './audit-log.service.js';

/** The audit log: every change and refused authentication recorded (auditRequests, applied in main.ts), `GET /audit` to read it. */
@Module({
  imports: [DatabaseModule],
  controllers: [AuditController],
  providers: [AuditLogService],
  exports: [AuditLogService],
})
export class AuditModule {}
