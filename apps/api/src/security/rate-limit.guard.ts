import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import type { IdentifiedRequest } from './caller.js';
import { RequestCounter } from './request-counter.js';

/**
 * At most RATE_LIMIT_PER_MINUTE requests per client (its API key, or its address without one) in
 * each one-minute window, counted in Redis so that every API replica shares the count. Beyond it:
 * 429 with Retry-After. A refused authentication counts too (ApiKeyGuard adds it to the address's
 * count, since such a request never gets here).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly counter: RequestCounter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.config.rateLimitPerMinute;
    if (limit === 0) return true;
    const request = context.switchToHttp().getRequest<IdentifiedRequest>();
    const client = request.apiKeyId ? `key:${request.apiKeyId}` : `ip:${request.ip ?? 'unknown'}`;
    const { count, retryAfterS } = await this.counter.add('rate', client);
    if (count <= limit) return true;
    throw tooMany(context.switchToHttp().getResponse<Response>(), retryAfterS, `at most ${limit} a minute`);
  }
}

/** 429 with Retry-After. */
export function tooMany(response: Response, retryAfterS: number, what: string): HttpException {
  response.setHeader('Retry-After', String(retryAfterS));
  return new HttpException(`Too many requests: ${what}; try again in ${retryAfterS} s`, HttpStatus.TOO_MANY_REQUESTS);
}
