import { startTracing } from '@atropos/observability/tracing';

// Imported first by a worker process (atropos-worker, its worker processes, the platform's worker:
// `import '@atropos/worker/preload'`): with OTEL_EXPORTER_OTLP_ENDPOINT set, the SDK and the pg,
// ioredis and http instrumentations are in place before anything loads those modules; unset,
// nothing happens.
startTracing({ serviceName: 'atropos-worker' });
