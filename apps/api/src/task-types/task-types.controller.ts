import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { TaskTypesService } from './task-types.service.js';

export const taskTypeListSchema = z
  .array(
    z.object({
      name: z.string().meta({ example: 'data_processing' }),
      description: z.string(),
      kind: z
        .enum(['built_in', 'command', 'http', 'registered'])
        .describe(
          'built_in: part of Atropos; command: a command the operator declared in config/task-types.json; ' +
            'http: declared there too, and served by workers in any language over the worker protocol (`/worker/…`); ' +
            'registered: a type a worker of @atropos/worker registered when it started.',
        ),
      parameters_schema: z
        .record(z.string(), z.unknown())
        .describe('JSON Schema (draft 2020-12) of the parameters: types, bounds and defaults, for forms and clients.'),
      result_schema: z
        .record(z.string(), z.unknown())
        .nullable()
        .describe(
          'JSON Schema (draft 2020-12) of the `result` a completed task of this type holds; the worker checks each result against it. Null when the type declares none.',
        ),
      example: z.record(z.string(), z.unknown()).describe('Parameters that show the type off.'),
      timeout_s: z.int().min(1).describe("A task's timeout when it asks for none."),
      max_retries: z.int().min(0).describe('Retries after a failed first attempt.'),
      fingerprint: z.string().describe('sha256: of the parameter and result schemas; each task keeps the one it was validated with.'),
      workers: z
        .int()
        .min(0)
        .describe('Live workers serving the type now. 0: its tasks are accepted and wait in the queue until one starts.'),
      note: z
        .string()
        .nullable()
        .describe('What a client should know before queueing a task of this type, e.g. that no live worker serves it.'),
      conflict: z
        .object({
          message: z.string(),
          fingerprints: z.array(z.string()).describe("The schemas new tasks are validated against first, then the live workers' others."),
        })
        .nullable()
        .describe('Live workers serve the type with other schemas than the ones the API validates with (the newest registration wins).'),
    }),
  )
  .meta({ id: 'TaskTypeList' });

export type TaskTypeList = z.infer<typeof taskTypeListSchema>;

/** The note of a type no live worker serves. */
export const NO_WORKER_NOTE =
  'No live worker serves this type: its tasks are accepted and wait in the queue until a worker that serves it starts.';

@ApiTags('task-types')
@Controller('task-types')
export class TaskTypesController {
  constructor(private readonly types: TaskTypesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listTaskTypes',
    summary: 'List the task types',
    description:
      'Every type (built in, command, served over HTTP, registered by workers) with its description, the JSON Schemas of its parameters and result, ' +
      'and the live workers serving it.',
  })
  @ApiResponse({ status: 200, standardSchema: taskTypeListSchema })
  async list(): Promise<TaskTypeList> {
    const listings = await this.types.list();
    return listings.map(({ type, workers, conflict }) => ({
      name: type.name,
      description: type.description,
      kind: type.kind,
      parameters_schema: type.parametersSchema,
      result_schema: type.resultSchema,
      example: type.example,
      timeout_s: type.timeoutS,
      max_retries: type.maxRetries,
      fingerprint: type.fingerprint,
      workers,
      note: workers === 0 ? NO_WORKER_NOTE : null,
      conflict,
    }));
  }
}
