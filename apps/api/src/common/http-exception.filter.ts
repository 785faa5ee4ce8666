import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { unavailableDependency } from './dependency-errors.js';
import type { ErrorBody } from './error.schema.js';
import { JsonTooDeepError } from './json-depth.js';

/**
 * Shapes every error as `{statusCode, error, message}`. An unreachable PostgreSQL or Redis is a 503
 * naming it; anything else that is not an HttpException is a bug: it is logged with its stack, and
 * the client gets a 500 without internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    const status = httpStatusOf(exception);
    if (status === undefined || !(exception instanceof HttpException)) {
      const dependency = unavailableDependency(exception);
      if (dependency) {
        this.logger.warn(`${dependency} unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
        return {
          statusCode: HttpStatus.SERVICE_UNAVAILABLE,
          error: reason(HttpStatus.SERVICE_UNAVAILABLE),
          message: `${dependency} is unavailable; try again in a few seconds`,
        };
      }
      if (status !== undefined && status < 500) {
        // Errors raised by Express before Nest sees the request (malformed JSON, body too large).
        return { statusCode: status, error: reason(status), message: bodyParserMessage(exception, status) };
      }
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      return {
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        error: reason(HttpStatus.INTERNAL_SERVER_ERROR),
        message: 'Internal server error; the API log has the details',
      };
    }
    const payload = exception.getResponse();
    const fields = typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
    return {
      statusCode: status,
      error: reason(status),
      message: messageText(fields.message ?? payload),
      ...(Array.isArray(fields.details) ? { details: fields.details as ErrorBody['details'] } : {}),
    };
  }
}

function httpStatusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { status?: unknown; statusCode?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

/** An HttpException's message: a string as is, a list (from a validation pipe) joined, anything else as JSON. */
function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  return Array.isArray(message) ? message.join('; ') : JSON.stringify(message);
}

function bodyParserMessage(exception: unknown, status: number): string {
  if (exception instanceof JsonTooDeepError) return exception.message;
  const type = (exception as { type?: string }).type;
  if (type === 'entity.parse.failed') return 'The request body is not valid JSON';
  if (status === (HttpStatus.PAYLOAD_TOO_LARGE as number)) return 'The request body is too large';
  return reason(status);
}

function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
