/**
 * A bare NestJS app to hold POST /tasks against: the same Nest 12 + Express platform, the same
 * JSON body parser settings, and the same validation style (a zod schema given in `@Body`, checked
 * through Standard Schema by a global pipe that answers 400 naming each field), but no database,
 * no queue, no guards: one route that validates the body and answers 201 with a task-shaped JSON.
 * Whatever POST /tasks costs beyond this is Atropos' own work.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { BadRequestException, Body, Controller, Injectable, Module, Post } from '@nestjs/common';
import { APP_PIPE, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { z } from 'zod';

const createTaskBody = z.strictObject({
  task_type: z.string().min(1).max(64),
  parameters: z.record(z.string(), z.unknown()).default({}),
  priority: z.int().min(1).max(10).default(5),
  delay_ms: z
    .int()
    .min(0)
    .max(30 * 24 * 3_600_000)
    .optional(),
});

@Injectable()
class SchemaValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const schema = metadata.schema;
    if (!schema) return value;
    const result = await schema['~standard'].validate(value);
    if (!result.issues) return result.value;
    throw new BadRequestException({
      message: result.issues.map((issue) => `${issue.path?.map(String).join('.') ?? ''}: ${issue.message}`).join('; '),
    });
  }
}

@Controller('tasks')
class TasksController {
  @Post()
  create(@Body({ schema: createTaskBody }) body: z.output<typeof createTaskBody>) {
    const now = new Date().toISOString();
    return {
      id: randomUUID(),
      task_type: body.task_type,
      status: 'pending',
      progress: 0,
      parameters: body.parameters,
      priority: body.priority,
      created_at: now,
      updated_at: now,
    };
  }
}

@Module({ controllers: [TasksController], providers: [{ provide: APP_PIPE, useClass: SchemaValidationPipe }] })
class BareModule {}

const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: ['warn', 'error'], bodyParser: false });
app.useBodyParser('json', { limit: '1024kb' });
app.disable('x-powered-by');
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
const port = Number(process.env.PORT ?? 8100);
await app.listen(port, '127.0.0.1');
console.log(`Listening on http://127.0.0.1:${port}`);
