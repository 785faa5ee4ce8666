import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { unstorableTextProblems } from './storable-text.js';
import { invalidRequest } from './validation.js';

const TASK_OUTPUT = 'atropos:task-output';

/**
 * Marks a route whose body is what a task produced (a worker's result, error or progress message
 * over the worker protocol): like a handler's output inside Atropos, it is made storable by the
 * task store (NUL and lone surrogates become U+FFFD), never refused. Its path and query are still
 * checked.
 */
export const TaskOutput = () => SetMetadata(TASK_OUTPUT, true);

/**
 * What clients send must be storable: every string of a request's path parameters, query and JSON
 * body (object keys included, at any depth: task parameters, batches, workflow input) is checked
 * here, in one place for every route, before the pipes validate it, and a NUL or a lone surrogate
 * is a 400 naming the field (see storable-text.ts) instead of a failed INSERT and a 500.
 */
@Injectable()
export class StorableInputInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const taskOutput = this.reflector.getAllAndOverride<boolean | undefined>(TASK_OUTPUT, [context.getHandler(), context.getClass()]);
    const problems = [
      ...unstorableTextProblems(request.params, undefined),
      ...unstorableTextProblems(request.query, undefined),
      ...(taskOutput ? [] : unstorableTextProblems(request.body, undefined)),
    ];
    if (problems.length > 0) throw invalidRequest(problems);
    return next.handle();
  }
}
