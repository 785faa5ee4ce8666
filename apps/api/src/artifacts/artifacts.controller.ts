import { artifactNameProblem, MAX_ARTIFACT_NAME_LENGTH } from '@atropos/tasks';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { errorSchema } from '../common/error.schema.js';
import { taskIdParam } from '../tasks/task.schemas.js';
import { ArtifactsService } from './artifacts.service.js';

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
  constructor(private readonly artifacts: ArtifactsService) {}

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
    @Res() response: Response,
  ): Promise<void> {
    const artifact = await this.artifacts.get(id, name);
    response
      .status(200)
      .set({
        'Content-Type': artifact.contentType,
        'Content-Length': String(artifact.content.length),
        // The name is a plain file name (letters, digits, . - _): safe inside the quotes as it is.
        'Content-Disposition': `attachment; filename="${artifact.name}"`,
        'Cache-Control': 'private, no-cache',
      })
      .end(artifact.content);
  }
}
