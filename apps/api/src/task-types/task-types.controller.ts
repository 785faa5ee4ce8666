import { parametersJsonSchema, TASK_TYPES } from '@atropos/tasks';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

export const taskTypeListSchema = z
  .array(
    z.object({
      name: z.string().meta({ example: 'data_processing' }),
      description: z.string(),
      parameters_schema: z
        .record(z.string(), z.unknown())
        .describe('JSON Schema (draft 2020-12) of the parameters: types, bounds and defaults, for forms and clients.'),
      example: z.record(z.string(), z.unknown()).describe('Parameters that show the type off.'),
    }),
  )
  .meta({ id: 'TaskTypeList' });

/** Computed once: the registry is fixed for the life of the process. */
const taskTypeList = TASK_TYPES.map((type) => ({
  name: type.name,
  description: type.description,
  parameters_schema: parametersJsonSchema(type.name),
  example: type.example,
}));

@ApiTags('task types')
@Controller('task-types')
export class TaskTypesController {
  @Get()
  @ApiOperation({ summary: 'List the task types', description: 'Every type with its description and the JSON Schema of its parameters.' })
  @ApiResponse({ status: 200, standardSchema: taskTypeListSchema })
  list() {
    return taskTypeList;
  }
}
