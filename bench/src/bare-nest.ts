/**
 * A bare NestJS app to hold the API's routes against: the same Nest 12 + Express platform, the same
 * JSON body parser settings, and the same validation style (a zod schema given in `@Body` or
 * `@Param`, checked through Standard Schema by a global pipe that answers 400 naming each field),
 * but no guards, no logs, no metrics:
 * - `POST /tasks` validates the body and answers 201 with a task-shaped JSON (no database, no queue);
 * - `POST /tasks/stored` does what a naive durable POST does, for reference: the same validation,
 *   then one INSERT of the row (answered with RETURNING) and one Bull add per request, on the
 *   ceiling's naive queue (when REDIS_URL and QUEUE_PREFIX are set);
 * - `GET /tasks/:id` reads one row of the same PostgreSQL's `tasks` table by primary key, and
 *   `GET /tasks` the newest 50 completed rows, each with one query through `pg` (a pool of 10, as
 *   the API's), answering the rows as `pg` gives them.
 * Whatever the API's routes cost beyond these is Atropos' own work.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { BadRequestException, Body, Controller, Get, Injectable, Module, NotFoundException, Param, Post } from '@nestjs/common';
import { APP_PIPE, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { z } from 'zod';
import { openNaiveQueue } from './naive-queue.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix } = process.env;
const queue = redisUrl && prefix ? openNaiveQueue(redisUrl, prefix, 'bench-bare-nest') : undefined;

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

  @Post('stored')
  async createStored(@Body({ schema: createTaskBody }) body: z.output<typeof createTaskBody>) {
    if (!queue) throw new NotFoundException('REDIS_URL and QUEUE_PREFIX are not set');
    const id = randomUUID();
    const { rows } = await pool.query(
      `INSERT INTO tasks (id, task_type, parameters, priority, max_attempts, timeout_s) VALUES ($1, $2, $3::jsonb, $4, 4, 7200)
       RETURNING id, task_type, status, progress, parameters, priority, created_at, updated_at`,
      [id, body.task_type, JSON.stringify(body.parameters), body.priority],
    );
    await queue.add({ taskId: id }, { jobId: id, removeOnComplete: true });
    return rows[0] as unknown;
  }

  @Get()
  async page() {
    const { rows } = await pool.query(`SELECT * FROM tasks WHERE status = 'completed' ORDER BY created_at DESC, id DESC LIMIT 50`);
    return { data: rows };
  }

  @Get(':id')
  async one(@Param('id', { schema: z.uuid() }) id: string) {
    const { rows } = await pool.query('SELECT * FROM tasks WHERE id = $1', [id]);
    if (!rows[0]) throw new NotFoundException();
    return rows[0] as unknown;
  }
}

@Module({ controllers: [TasksController], providers: [{ provide: APP_PIPE, useClass: SchemaValidationPipe }] })
class BareModule {}

const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: ['warn', 'error'], bodyParser: false });
app.useBodyParser('json', { limit: '1024kb' });
app.disable('x-powered-by');
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
process.once('beforeExit', () => void Promise.all([pool.end(), queue?.close()]));
const port = Number(process.env.PORT ?? 8100);
await app.listen(port, '127.0.0.1');
console.log(`Listening on http://127.0.0.1:${port}`);
