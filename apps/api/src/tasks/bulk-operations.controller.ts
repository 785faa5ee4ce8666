import type { BulkActionBody } from '@atropos/tasks';
import { bulkActionBodySchema, bulkDryRunSchema, bulkOperationSchema, TaskTypeCatalog, toFieldProblems } from '@atropos/tasks';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import type { AuditLocals } from '../audit/audit.middleware.js';
import { errorSchema } from '../common/error.schema.js';
import { invalidRequest } from '../common/validation.js';
import type { Caller } from '../security/caller.js';
import { CurrentCaller, visibleTenant } from '../security/caller.js';
import { BulkOperationsService } from './bulk-operations.service.js';
import { taskFilterQuery } from './list-tasks.query.js';
import { csvField } from './task-export-format.js';

/** The filter of a bulk request: the query of GET /tasks without its paging keys, parsed the same way. */
const bulkFilter = taskFilterQuery({});

const bulkIdParam = z.uuid({ error: 'must be a bulk operation id (a UUID)' });
const reportQuery = z.strictObject({
  format: z
    .enum(['csv', 'jsonl'])
    .default('csv')
    .describe('`csv`: task_id,outcome,reason with a header line; `jsonl`: one JSON object per line.'),
});

const badRequest = {
  status: 400,
  description: 'Invalid input; `message` and `details` name each field at fault.',
  standardSchema: errorSchema,
};
const notFound = { status: 404, description: 'No bulk operation has this id.', standardSchema: errorSchema };

/**
 * `POST /tasks/bulk`: cancel, retry or delete every task a filter of GET /tasks matches, as a job
 * (`/bulk-operations/{id}`) with progress, a cancel and a report. The operations have a path of
 * their own: under /tasks/bulk/{id} they would be ambiguous with the /tasks/{id}/… routes.
 */
@ApiTags('tasks')
@Controller()
export class BulkOperationsController {
  constructor(
    private readonly bulk: BulkOperationsService,
    private readonly catalog: TaskTypeCatalog,
  ) {}

  @Post('tasks/bulk')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'startBulkAction',
    summary: 'Cancel, retry or delete every task a filter matches',
    description:
      'With `dry_run: true`, only counts (200): the tasks matched and those whose status allows the action. Otherwise ' +
      'starts a bulk operation (202) over the tasks matched now, worked through in batches of 200; follow it at ' +
      'GET /bulk-operations/{id}, stop it with POST /bulk-operations/{id}/cancel, and download what became of each task at GET /bulk-operations/{id}/report. ' +
      "A tenant's key acts on its own tasks only; an admin key on every tenant's.",
  })
  @ApiResponse({ status: 200, description: 'The dry run: counts only, nothing changed.', standardSchema: bulkDryRunSchema })
  @ApiResponse({ status: 202, description: 'Started; the operation as it is now.', standardSchema: bulkOperationSchema })
  @ApiResponse(badRequest)
  async start(
    @Body({ schema: bulkActionBodySchema }) body: BulkActionBody,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ) {
    const parsed = bulkFilter.safeParse(body.filter);
    if (!parsed.success) throw invalidRequest(toFieldProblems(parsed.error.issues, 'filter'));
    const taskType = parsed.data.task_type;
    if (taskType !== undefined && !this.catalog.has(taskType)) {
      throw invalidRequest([
        {
          field: 'filter.task_type',
          message: `unknown task type ${JSON.stringify(taskType)}; valid types are ${this.catalog.names().join(', ')}`,
        },
      ]);
    }
    const request = { action: body.action, rawFilter: body.filter, filters: parsed.data, ids: body.ids };
    if (body.dry_run) {
      response.status(HttpStatus.OK);
      return this.bulk.dryRun(request, caller);
    }
    const operation = await this.bulk.start(request, caller);
    (response.locals as AuditLocals).auditTarget = operation.id;
    (response.locals as AuditLocals).auditDetail = {
      action: body.action,
      filter: body.filter,
      ids: body.ids?.length ?? null,
      matched: operation.matched,
    };
    return operation;
  }

  @Get('bulk-operations/:id')
  @ApiOperation({
    operationId: 'getBulkOperation',
    summary: 'Follow a bulk operation',
    description: 'Its status, counters, progress and the skip reasons so far.',
  })
  @ApiResponse({ status: 200, standardSchema: bulkOperationSchema })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  get(@Param('id', { schema: bulkIdParam }) id: string, @CurrentCaller() caller: Caller) {
    return this.bulk.get(id, visibleTenant(caller));
  }

  @Post('bulk-operations/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'cancelBulkOperation',
    summary: 'Stop a bulk operation',
    description: 'The batch under way finishes; the tasks not reached are left as they are and reported `not_processed`.',
  })
  @ApiResponse({ status: 200, description: 'Cancelled.', standardSchema: bulkOperationSchema })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  @ApiResponse({ status: 409, description: 'The operation has already ended.', standardSchema: errorSchema })
  cancel(@Param('id', { schema: bulkIdParam }) id: string, @CurrentCaller() caller: Caller) {
    return this.bulk.cancel(id, visibleTenant(caller));
  }

  @Get('bulk-operations/:id/report')
  @ApiOperation({
    operationId: 'getBulkOperationReport',
    summary: 'Download what became of each task of a bulk operation',
    description:
      'One line per task matched, in id order: `acted`, `skipped` with the reason, or `not_processed` (cancelled, failed, or not reached yet).',
  })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiResponse({
    status: 200,
    description: 'The report, as an attachment.',
    content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  async report(
    @Param('id', { schema: bulkIdParam }) id: string,
    @Query({ schema: reportQuery }) query: z.output<typeof reportQuery>,
    @CurrentCaller() caller: Caller,
    @Res() response: Response,
  ): Promise<void> {
    const pages = this.bulk.report(id, visibleTenant(caller));
    // The first page before any header: an unknown id still answers 404.
    const first = await pages.next();
    response
      .status(200)
      .setHeader('Content-Type', query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="bulk-${id}.${query.format}"`)
      .setHeader('Cache-Control', 'no-store');
    if (query.format === 'csv') response.write('task_id,outcome,reason\n');
    const write = (lines: Array<{ task_id: string; outcome: string; reason: string | null }>) =>
      response.write(
        lines
          .map((line) =>
            query.format === 'csv' ? `${line.task_id},${line.outcome},${csvField(line.reason ?? '')}\n` : `${JSON.stringify(line)}\n`,
          )
          .join(''),
      );
    if (!first.done) write(first.value);
    for await (const page of pages) write(page);
    response.end();
  }
}
