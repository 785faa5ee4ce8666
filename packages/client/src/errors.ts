import type { components } from './openapi.generated.js';

type Schemas = components['schemas'];

/** The body of every error answer of the API; validation errors name each field at fault in `details`. */
export type ApiErrorBody = Schemas['Error'];
/** One field at fault in a validation error: `parameters.record_count`, `tasks.2.task_type`, `Idempotency-Key`. */
export type FieldError = NonNullable<ApiErrorBody['details']>[number];
/** What `GET /tasks/{id}/result` answers once the task is final. */
export type TaskResult = Schemas['TaskResult'];

/** True when `value` has the shape of an error answer (`{statusCode, error, message}`). */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.statusCode === 'number' && typeof body.message === 'string';
}

/** Every error this library throws, so one `instanceof` tells them from other failures. */
export class AtroposError extends Error {
  override name = 'AtroposError';
}

/** The API answered with an error status. Subclasses name the common ones. */
export class ApiError extends AtroposError {
  override name = 'ApiError';
  /** The HTTP status. */
  readonly status: number;
  /** The error answer as the API sent it (`{statusCode, error, message, details?}`). */
  readonly body: ApiErrorBody;

  /** The call that failed, e.g. `POST /tasks`. */
  readonly operation: string;

  constructor(status: number, body: ApiErrorBody, what: string) {
    super(`${what}: ${body.message}`);
    this.status = status;
    this.body = body;
    this.operation = what;
  }
}

/** 400: the request is invalid; `fields` names each field at fault with its message. */
export class ValidationError extends ApiError {
  override name = 'ValidationError';
  get fields(): FieldError[] {
    return this.body.details ?? [];
  }
}

/** 401: no API key, or not a valid one (ATROPOS_API_KEY / `apiKey`). */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}

/** 403: the API key's scope is too small for this operation. */
export class PermissionDeniedError extends ApiError {
  override name = 'PermissionDeniedError';
}

/** 404: no such task, workflow or run. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

/** 409: the operation does not fit the current state (cancelling a final task, retrying a running one…). */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}

/** 429: the rate limit or the cap on open tasks per key is reached; retry after `retryAfterSeconds` when given. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  constructor(
    status: number,
    body: ApiErrorBody,
    what: string,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(status, body, what);
  }
}

/** 503: PostgreSQL or Redis behind the API does not answer; try again in a few seconds. */
export class UnavailableError extends ApiError {
  override name = 'UnavailableError';
}

/** The API did not answer at all (nothing listening, DNS, connection reset). */
export class ConnectionError extends AtroposError {
  override name = 'ConnectionError';
  constructor(
    readonly baseUrl: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
    super(`The Atropos API at ${baseUrl} did not answer (${reason})`, { cause });
  }
}

/** `waitForResult`: the task ended `failed` or `cancelled`; `outcome` holds its error and every attempt's. */
export class TaskFailedError extends AtroposError {
  override name = 'TaskFailedError';
  constructor(readonly outcome: TaskResult) {
    super(
      outcome.status === 'cancelled'
        ? `Task ${outcome.id} was cancelled`
        : `Task ${outcome.id} failed: ${outcome.error ?? 'no error recorded'}`,
    );
  }
}

/** `waitForResult` / `waitForWorkflowRun`: `timeoutMs` passed first; the task or run goes on. */
export class WaitTimeoutError extends AtroposError {
  override name = 'WaitTimeoutError';
  constructor(
    readonly id: string,
    readonly timeoutMs: number,
  ) {
    super(`Gave up waiting for ${id} after ${timeoutMs} ms; it goes on without us`);
  }
}

/**
 * The typed error for an error answer. `what` names the call in the message ("POST /tasks").
 * A body that is not the API's error shape (a proxy's HTML page) still gives a useful message.
 */
export function apiErrorFor(response: Response, body: unknown, what: string): ApiError {
  const status = response.status;
  const errorBody: ApiErrorBody = isApiErrorBody(body)
    ? body
    : {
        statusCode: status,
        error: response.statusText || 'Error',
        message: `the API answered ${status}${response.statusText ? ` ${response.statusText}` : ''}`,
      };
  switch (status) {
    case 400:
      return new ValidationError(status, errorBody, what);
    case 401:
      return new AuthenticationError(status, errorBody, what);
    case 403:
      return new PermissionDeniedError(status, errorBody, what);
    case 404:
      return new NotFoundError(status, errorBody, what);
    case 409:
      return new ConflictError(status, errorBody, what);
    case 429: {
      const retryAfter = Number(response.headers.get('retry-after'));
      return new RateLimitError(status, errorBody, what, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
    }
    case 503:
      return new UnavailableError(status, errorBody, what);
    default:
      return new ApiError(status, errorBody, what);
  }
}
