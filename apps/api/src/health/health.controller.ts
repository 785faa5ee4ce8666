import { workerHeartbeatSchema } from '@atropos/tasks';
import { Controller, Get, HttpStatus, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Public } from '../security/access.decorators.js';
import { HealthService } from './health.service.js';
import type { IdentifiedRequest } from '../security/caller.js';

const dependency = z.object({
  status: z.enum(['up', 'down']),
  latency_ms: z.int(),
  error: z.string().optional(),
});

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'down']).describe('`degraded`: PostgreSQL and Redis are up but no worker is alive.'),
    database: dependency,
    redis: dependency,
    workers: z.object({
      count: z.int(),
      live: z.array(workerHeartbeatSchema).describe('Every worker whose heartbeat has not expired, by worker_id.'),
    }),
    queues: z
      .array(
        z.object({
          name: z.string(),
          paused: z.boolean(),
          waiting: z.int(),
          active: z.int(),
          delayed: z.int(),
          workers: z.int().describe('Live workers serving it: 0 while it has tasks means they wait for one.'),
          task_types: z.array(z.string()),
        }),
      )
      .describe('Each queue (pool of workers), as GET /queues shows it.'),
  })
  .meta({ id: 'Health' });

/** What anyone may know without a key: whether the service is up, not why or on which hosts. */
const publicHealthSchema = z
  .object({
    status: z.enum(['up', 'degraded', 'down']).describe('`up` is `ok` of the full report; the details need an API key.'),
  })
  .meta({ id: 'PublicHealth' });

const anyHealthSchema = z.union([healthSchema, publicHealthSchema]);

const liveSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Liveness' });

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({
    operationId: 'getHealth',
    summary: 'Health of the API, PostgreSQL, Redis and the workers',
    description:
      'Without a key (when the API has keys) only `{"status": "up" | "degraded" | "down"}`; with any valid key, or on an ' +
      'API without keys, the full report: each dependency with its latency and error, and the live workers.',
  })
  @ApiResponse({
    status: 200,
    description: 'PostgreSQL and Redis answer.',
    standardSchema: anyHealthSchema,
  })
  @ApiResponse({
    status: 503,
    description: 'PostgreSQL or Redis does not answer.',
    standardSchema: anyHealthSchema,
  })
  async check(@Req() request: IdentifiedRequest, @Res({ passthrough: true }) response: Response) {
    const report = await this.health.check();
    if (report.status === 'down') response.status(HttpStatus.SERVICE_UNAVAILABLE);
    // Database errors, worker hosts and pids, the tasks they run: for callers with a key only.
    if (!request.caller) return { status: report.status === 'ok' ? 'up' : report.status };
    return report;
  }

  @Get('live')
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness: the process answers',
    description:
      'Always 200 while the API process serves requests, whatever PostgreSQL and Redis do: for liveness probes, ' +
      'since restarting the API cures no database outage (GET /health is the readiness check).',
  })
  @ApiResponse({ status: 200, standardSchema: liveSchema })
  live() {
    return { status: 'ok' as const };
  }
}
