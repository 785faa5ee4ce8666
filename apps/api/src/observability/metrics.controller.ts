import { Controller, Get, NotFoundException, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScope } from '../security/access.decorators.js';
import { ApiMetrics } from './api-metrics.js';
import { MetricsCollectors } from './metrics-collectors.js';

/** Prometheus' scrape target. With API_KEYS set it needs a `metrics` (or `admin`) key. */
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: ApiMetrics,
    private readonly collectors: MetricsCollectors,
  ) {}

  @Get('metrics')
  @RequireScope('metrics')
  @ApiExcludeEndpoint()
  async scrape(@Res() response: Response): Promise<void> {
    if (!this.metrics.enabled) throw new NotFoundException('Metrics are off (METRICS_ENABLED=false)');
    await this.collectors.refresh();
    response
      .status(200)
      .type(this.metrics.registry.contentType)
      .send(await this.metrics.registry.metrics());
  }
}
