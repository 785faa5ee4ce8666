import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { errorSchema } from '../common/error.schema.js';
import { RequireScope } from '../security/access.decorators.js';
import { AuditLogService } from './audit-log.service.js';
import type { AuditQuery } from './audit.schemas.js';
import { auditPageSchema, auditQuery } from './audit.schemas.js';

@ApiTags('audit')
@Controller('audit')
@RequireScope('admin')
export class AuditController {
  constructor(private readonly audit: AuditLogService) {}

  @Get()
  @ApiOperation({
    operationId: 'listAuditEntries',
    summary: 'Read the audit log, newest first',
    description:
      'Every change made through the API (creations, cancels, retries, deletes, queue and workflow actions, key management) and every refused authentication; filter by tenant, action, actor, target and time, page with `limit` and `cursor`.',
  })
  @ApiResponse({ status: 200, standardSchema: auditPageSchema })
  @ApiResponse({ status: 400, description: 'Invalid query.', standardSchema: errorSchema })
  list(@Query({ schema: auditQuery }) query: AuditQuery) {
    return this.audit.list(query);
  }
}
