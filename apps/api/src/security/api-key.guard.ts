import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import type { ApiKeyScope } from './api-keys.js';
import { findApiKey, scopeAllows } from './api-keys.js';
import { REQUIRED_SCOPE } from './access.decorators.js';

/** The key a request carries: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: Request): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const header = request.headers['x-api-key'];
  return bearer ?? (Array.isArray(header) ? header[0] : header);
}

/**
 * With API_KEYS set, every route but the public ones needs a key with enough scope: 401 without a
 * valid key, 403 with one whose scope is too small. Without API_KEYS the API is open (development).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.config.apiKeys.length === 0) return true;
    const declared = this.reflector.getAllAndOverride<ApiKeyScope | 'public' | undefined>(REQUIRED_SCOPE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (declared === 'public') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const needed: ApiKeyScope = declared ?? (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
    const candidate = presentedKey(request);
    const key = candidate ? findApiKey(this.config.apiKeys, candidate) : undefined;
    if (!key) {
      throw new UnauthorizedException(
        candidate ? 'The API key is not valid' : 'An API key is required: send Authorization: Bearer <key> or X-API-Key: <key>',
      );
    }
    if (!scopeAllows(key.scope, needed)) {
      throw new ForbiddenException(`This route needs a key with the ${needed} scope; this key has ${key.scope}`);
    }
    (request as Request & { apiKeyId?: string }).apiKeyId = key.id;
    return true;
  }
}
