import { artifactNameProblem, MAX_ARTIFACT_NAME_LENGTH } from '@atropos/tasks';
import { Controller, Get, Logger, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { errorSchema } from '../common/error.schema.js';
import { taskIdParam } from '../tasks/task.schemas.js';
import { ArtifactsService } from './artifacts.service.js';
import { DataSource } from 'typeorm';
import type { Caller } from '../security/caller.js';
import { CurrentCaller, visibleTenant } from '../security/caller.js';
import { requireVisibleTask } from '../tasks/task-visibility.js';

const artifactNameParam = z
  .string()
  .max(MAX_ARTIFACT_NAME_LENGTH)
  .superRefine((name, context) => {
    const problem = artifactNameProblem(name);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

@ApiTags('artifacts')
@Controller('tasks')
export class ArtifactsController {
  private readonly logger = new Logger(ArtifactsController.name);

  constructor(
    private readonly artifacts: ArtifactsService,
    private readonly dataSource: DataSource,
  ) {}

  @Get(':id/artifacts/:name')
  @ApiOperation({
    operationId: 'getTaskArtifact',
    summary: 'Download an artifact of a task',
    description: 'The bytes of a file the task saved (listed in `artifacts` of GET /tasks/{id}), with its content type.',
  })
  @ApiParam({ name: 'name', description: 'The artifact name, e.g. report.md.' })
  @ApiResponse({
    status: 200,
    description: 'The file, as an attachment.',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    headers: {
      'Content-Type': { description: 'The content type the task saved the artifact with.', schema: { type: 'string' } },
      'Content-Disposition': { description: 'attachment; filename="<name>"', schema: { type: 'string' } },
    },
  })
  @ApiResponse({ status: 400, description: 'The id is not a UUID or the name not a file name.', standardSchema: errorSchema })
  @ApiResponse({ status: 404, description: 'No task has this id, or it has no artifact of this name.', standardSchema: errorSchema })
  async download(
    @Param('id', { schema: taskIdParam }) id: string,
    @Param('name', { schema: artifactNameParam }) name: string,
    @CurrentCaller() caller: Caller,
    @Res() response: Response,
  ): Promise<void> {
    await requireVisibleTask(this.dataSource, id, visibleTenant(caller));
    const artifact = await this.artifacts.describe(id, name);
    const chunks = this.artifacts.content(artifact);
    // Read before the status line, so that a failure there still gets its answer (503 when PostgreSQL is down).
    const first = await chunks.next();
    response.status(200).set({
      'Content-Type': artifact.contentType,
      'Content-Length': String(artifact.length),
      // The name is a plain file name (letters, digits, . - _): safe inside the quotes as it is.
      'Content-Disposition': `attachment; filename="${artifact.name}"`,
      'Cache-Control': 'private, no-cache',
    });
    // Streamed a chunk at a time with backpressure: a 10 MiB artifact, or many downloads of one,
    // never sits whole in the API's memory, and a client that goes away stops the reads.
    try {
      await pipeline(Readable.from(prepend(first, chunks), { highWaterMark: 1 }), response);
    } catch (error) {
      // The status line is sent: all that is left is to cut the body short, which pipeline did.
      this.logger.warn(`Download of ${artifact.name} of task ${id} stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function* prepend(first: IteratorResult<Buffer>, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}
