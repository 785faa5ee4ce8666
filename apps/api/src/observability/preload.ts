import { startTracing } from '@atropos/observability/tracing';

// First import of main.ts: with OTEL_EXPORTER_OTLP_ENDPOINT set, the SDK and the pg, ioredis and
// http instrumentations are in place before anything loads those modules; unset, nothing happens.
// Health checks and scrapes make no spans.
startTracing({ serviceName: 'atropos-api', ignoredPaths: ['/health', '/metrics'] });
