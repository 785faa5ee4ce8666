import { TaskTypeCatalog } from '@atropos/tasks';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

export const taskTypeListSchema = z
  .array(
    z.object({
      name: z.string().meta({ example: 'data_processing' }),
      description: z.string(),
      kind: z
        .enum(['built_in', 'command', 'http'])
        .describe(
          'built_in: part of Atropos; command: a command the operator declared in config/task-types.json; ' +
            'http: declared there too, and served by workers in any language over the worker protocol (`/worker/…`).',
        ),
      parameters_schema: z
        .record(z.string(), z.unknown())
        .describe('JSON Schema (draft 2020-12) of the parameters: types, bounds and defaults, for forms and clients.'),
      example: z.record(z.string(), z.unknown()).describe('Parameters that show the type off.'),
      result_schema: z
        .record(z.string(), z.unknown())
        .nullable()
        .describe(
          'JSON Schema (draft 2020-12) of the `result` a completed task of this type holds; the worker checks each result against it. Null when the type declares none.',
        ),
    }),
  )
  .meta({ id: 'TaskTypeList' });

@ApiTags('task-types')
@Controller('task-types')
export class TaskTypesController {
  /** Computed once: the catalog is fixed for the life of the process. */
  private readonly taskTypeList;

  constructor(catalog: TaskTypeCatalog) {
    this.taskTypeList = catalog.entries.map((type) => ({
      name: type.name,
      description: type.description,
      kind: type.kind,
      parameters_schema: catalog.jsonSchema(type.name),
      example: type.example,
      result_schema: catalog.resultJsonSchema(type.name),
    }));
  }

  @Get()
  @ApiOperation({
    operationId: 'listTaskTypes',
    summary: 'List the task types',
    description: 'Every type with its description and the JSON Schemas of its parameters and of its result.',
  })
  @ApiResponse({ status: 200, standardSchema: taskTypeListSchema })
  list() {
    return this.taskTypeList;
  }
}
