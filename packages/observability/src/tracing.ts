/**
 * OpenTelemetry tracing, started only when an OTLP endpoint is configured: the standard
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`). Without one nothing
 * here is loaded: the SDK, the exporters and the instrumentations cost no start-up time, and the
 * @opentelemetry/api calls elsewhere stay no-ops.
 *
 * Import it first in an app's main (before Nest, pg, ioredis, http are loaded): the
 * instrumentations patch those modules as they are required.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface TracingOptions {
  /** `service.name` of the spans, unless OTEL_SERVICE_NAME says otherwise. */
  serviceName: string;
  /** Incoming HTTP requests whose path starts with one of these make no span (health checks, scrapes). */
  ignoredPaths?: string[];
}

interface Tracing {
  shutdown(): Promise<void>;
}

let started: Tracing | null = null;

export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['OTEL_SDK_DISABLED'] === 'true') return false;
  return Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
}

/**
 * Starts the tracer provider (batching spans to OTLP over HTTP: `http/protobuf` by default,
 * `http/json` when OTEL_EXPORTER_OTLP_PROTOCOL or OTEL_EXPORTER_OTLP_TRACES_PROTOCOL says so), the
 * W3C trace-context propagator and the http, pg and ioredis instrumentations. The SDK is loaded
 * with require() so that it is in place before the next import of the caller is evaluated.
 */
export function startTracing(options: TracingOptions, env: NodeJS.ProcessEnv = process.env): boolean {
  if (started) return true;
  if (!tracingEnabled(env)) return false;
  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } =
    require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } =
    require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { BatchSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } =
    require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const protocol = env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] ?? env['OTEL_EXPORTER_OTLP_PROTOCOL'] ?? 'http/protobuf';
  const { OTLPTraceExporter } = (
    protocol === 'http/json' ? require('@opentelemetry/exporter-trace-otlp-http') : require('@opentelemetry/exporter-trace-otlp-proto')
  ) as typeof import('@opentelemetry/exporter-trace-otlp-http');

  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': env['OTEL_SERVICE_NAME'] || options.serviceName }),
    // The exporter reads the endpoint, headers and timeout from the standard OTEL_EXPORTER_OTLP_* variables.
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        // The standard variable for how often a batch leaves (5 s by default).
        scheduledDelayMillis: Number(env['OTEL_BSP_SCHEDULE_DELAY']) || 5_000,
      }),
    ],
  });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  api.trace.setGlobalTracerProvider(provider);
  const ignored = options.ignoredPaths ?? [];
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => ignored.some((path) => (request.url ?? '').startsWith(path)),
      }),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  // An ES module importing a CommonJS package does not go through require(), which is what the
  // instrumentations hook: requiring the instrumented packages here, once, patches them for the
  // importers that follow (they share the CommonJS module cache).
  for (const name of ['http', 'https', 'ioredis', 'pg']) {
    try {
      require(name);
    } catch {
      // Not installed beside this package: nothing of it to trace.
    }
  }
  started = { shutdown: () => provider.shutdown() };
  return true;
}

/** Exports what is still buffered and stops; call it when the app shuts down. */
export async function shutdownTracing(): Promise<void> {
  const tracing = started;
  started = null;
  await tracing?.shutdown().catch(() => undefined);
}
