import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
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
 *
 * A guard, not an interceptor: any interceptor makes Nest answer an `@Sse()` route with its 200
 * stream headers before the handler runs, so a stream's 404 (an unknown task or run) would arrive
 * as an error event inside a 200 instead of as a 404.
 */
@Injectable()
export class StorableInputGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const taskOutput = this.reflector.getAllAndOverride<boolean | undefined>(TASK_OUTPUT, [context.getHandler(), context.getClass()]);
    const problems = [
      ...unstorableTextProblems(request.params, undefined),
      ...unstorableTextProblems(request.query, undefined),
      ...(taskOutput ? [] : unstorableTextProblems(request.body, undefined)),
    ];
    if (problems.length > 0) throw invalidRequest(problems);
    return true;
  }
}
