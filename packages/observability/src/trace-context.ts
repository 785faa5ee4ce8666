import type { Context, Span, SpanOptions } from '@opentelemetry/api';
import { context, isSpanContextValid, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';

export { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
export type { Context, Span } from '@opentelemetry/api';

/** The W3C trace context (`traceparent`, `tracestate`) as it travels in a Bull job's data. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** Atropos' own spans (the attempt, the handler's); instrumentation libraries make the rest. */
export const tracer = () => trace.getTracer('atropos');

/**
 * The current trace context as W3C headers, to put in a job. Empty when tracing is off (no SDK:
 * the propagator is a no-op) or when nothing is being traced.
 */
export function currentTraceCarrier(active: Context = context.active()): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(active, carrier);
  return carrier;
}

/** The id of the trace the current code runs in, or null outside any (or with tracing off). */
export function currentTraceId(active: Context = context.active()): string | null {
  const span = trace.getSpan(active);
  if (!span) return null;
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? spanContext.traceId : null;
}

/** The context a carrier describes: the parent of the spans started in it. */
export function contextFromCarrier(carrier: TraceCarrier | undefined): Context {
  if (!carrier?.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/**
 * Runs `fn` in a new span: ended when `fn` settles, marked as an error (with the exception) when
 * it throws. With tracing off the span is a no-op and costs next to nothing.
 */
export async function inSpan<T>(name: string, options: SpanOptions, parent: Context, fn: (span: Span) => Promise<T>): Promise<T> {
  const span = tracer().startSpan(name, options, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
