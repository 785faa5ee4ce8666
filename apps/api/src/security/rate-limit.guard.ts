import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { REDIS_PROBE } from '../queue/queue.providers.js';

const WINDOW_MS = 60_000;

/**
 * At most RATE_LIMIT_PER_MINUTE requests per client (its API key, or its address without keys) in
 * each one-minute window, counted in Redis so that every API replica shares the count. Beyond it:
 * 429 with Retry-After. If Redis cannot count, the request goes through: the limiter protects the
 * service, it must not take it down.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(REDIS_PROBE) private readonly redis: Redis,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.config.rateLimitPerMinute;
    if (limit === 0) return true;
    const request = context.switchToHttp().getRequest<Request & { apiKeyId?: string }>();
    const client = request.apiKeyId ? `key:${request.apiKeyId}` : `ip:${request.ip ?? 'unknown'}`;
    const window = Math.floor(Date.now() / WINDOW_MS);
    const bucket = `${this.config.queuePrefix}:rate:${client}:${window}`;
    const counted = await this.redis
      .multi()
      .incr(bucket)
      .pexpire(bucket, WINDOW_MS)
      .exec()
      .catch(() => null);
    const count = Number(counted?.[0]?.[1] ?? 0);
    if (count <= limit) return true;
    const retryAfter = Math.ceil(((window + 1) * WINDOW_MS - Date.now()) / 1000);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new HttpException(`Too many requests: at most ${limit} a minute; try again in ${retryAfter} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
