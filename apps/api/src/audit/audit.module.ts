import type { MiddlewareConsumer, NestModule } from '@nestjs/common';
import { Module, RequestMethod } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { AuditController } from './audit.controller.js';
import { AuditLogService } from './audit-log.service.js';
import { auditRequests } from './audit.middleware.js';

/** The audit log: every change and refused authentication recorded (middleware), `GET /audit` to read it. */
@Module({
  imports: [DatabaseModule],
  controllers: [AuditController],
  providers: [AuditLogService],
  exports: [AuditLogService],
})
export class AuditModule implements NestModule {
  constructor(private readonly audit: AuditLogService) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(auditRequests(this.audit)).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
