import { shutdownTracing } from '@atropos/observability/tracing';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Injectable } from '@nestjs/common';

/** Sends the spans still buffered before the process exits (nothing to do with tracing off). */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing();
  }
}
