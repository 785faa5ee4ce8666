import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { REQUIRED_SCOPE } from './access.decorators.js';
import { ApiKeyStore } from './api-key-store.js';
import type { ApiKeyScope, StoredApiKey } from './api-keys.js';
import { findApiKey, scopeAllows } from './api-keys.js';
import type { Caller, IdentifiedRequest } from './caller.js';
import { OPEN_CALLER } from './caller.js';
import { openApiRefusal } from './open-api-check.js';
import { tooMany } from './rate-limit.guard.js';
import { RequestCounter } from './request-counter.js';
import { UserStore } from '../users/user-store.js';

/** The key a request carries: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: Request): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const header = request.headers['x-api-key'];
  return bearer ?? (Array.isArray(header) ? header[0] : header);
}

/**
 * Identifies the caller of every route. With a key configured (API_KEYS, or a stored key that is
 * usable), every route but the public ones needs a key with enough scope: 401 without a valid key,
 * 403 with one whose scope is too small. With none, the API is open and every caller acts as admin
 * of the `default` tenant, which is allowed only where no one else can reach it (main.ts refuses
 * to listen elsewhere; should the last stored key be revoked later, such an API asks for keys
 * still, and answers 401, rather than open up).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  /** An API reachable from other machines is never open, whatever happens to its keys after the start. */
  private readonly mustAskForKeys: boolean;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyStore,
    private readonly counter: RequestCounter,
    private readonly users: UserStore,
  ) {
    this.mustAskForKeys = openApiRefusal(config, false) !== null;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const declared = this.reflector.getAllAndOverride<ApiKeyScope | 'public' | undefined>(REQUIRED_SCOPE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<IdentifiedRequest>();
    const candidate = presentedKey(request);
    if (declared === 'public') {
      // Open to all; a valid key still identifies its caller (GET /health then tells more).
      const key = candidate ? await this.lookUp(candidate) : undefined;
      if (key) identify(request, key);
      else if (!(await this.keysRequired())) identify(request, OPEN_CALLER);
      return true;
    }
    if (!(await this.keysRequired())) {
      identify(request, OPEN_CALLER);
      return true;
    }
    const client = `ip:${request.ip ?? 'unknown'}`;
    const response = context.switchToHttp().getResponse<Response>();
    const limit = this.config.authFailuresPerMinute;
    // An address that keeps sending wrong keys is refused outright until the minute is over, right
    // key or not: guessing gets AUTH_FAILURES_PER_MINUTE tries a minute.
    if (candidate && limit > 0) {
      const failures = await this.counter.read('auth-failures', client);
      if (failures.count >= limit)
        throw tooMany(response, failures.retryAfterS, `${limit} failed authentications a minute from this address`);
    }
    const key = candidate ? await this.lookUp(candidate) : undefined;
    if (!key) {
      await this.countFailure(client, response);
      throw new UnauthorizedException(
        candidate ? 'The API key is not valid' : 'An API key is required: send Authorization: Bearer <key> or X-API-Key: <key>',
      );
    }
    // Identified before the scope check, so the audit log names who was refused.
    identify(request, key);
    const needed: ApiKeyScope = declared ?? (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
    if (!scopeAllows(key.scope, needed)) {
      throw new ForbiddenException(
        key.role
          ? `This needs the ${needed} scope; the role ${key.role} has ${key.scope}`
          : `This route needs a key with the ${needed} scope; this key has ${key.scope}`,
      );
    }
    return true;
  }

  /**
   * A refused authentication counts against the address twice: towards AUTH_FAILURES_PER_MINUTE,
   * and towards RATE_LIMIT_PER_MINUTE like any request (RateLimitGuard never sees it).
   */
  private async countFailure(client: string, response: Response): Promise<void> {
    if (this.config.authFailuresPerMinute > 0) await this.counter.add('auth-failures', client);
    const limit = this.config.rateLimitPerMinute;
    if (limit === 0) return;
    const { count, retryAfterS } = await this.counter.add('rate', client);
    if (count > limit) throw tooMany(response, retryAfterS, `at most ${limit} a minute`);
  }

  /** Keys are required once any exists, and once anyone can sign in: a person's session is worth nothing on an open API. */
  private async keysRequired(): Promise<boolean> {
    return this.mustAskForKeys || (await this.keys.keysConfigured()) || (await this.users.anyActive());
  }

  /** A key of API_KEYS (compared in constant time, in memory), a stored one, or a signed-in user's session token. */
  private async lookUp(candidate: string): Promise<Caller | undefined> {
    const key: StoredApiKey | undefined = findApiKey(this.config.apiKeys, candidate) ?? (await this.keys.find(candidate));
    if (key) return { keyId: key.id, keyName: key.name, scope: key.scope, tenant: key.tenant };
    return this.users.findSession(candidate);
  }
}

function identify(request: IdentifiedRequest, caller: Caller): void {
  request.caller = caller;
  if (caller.keyId) request.apiKeyId = caller.keyId;
}
