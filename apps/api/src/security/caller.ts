import type { ExecutionContext } from '@nestjs/common';
import { createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiKeyScope } from './api-keys.js';
import { DEFAULT_TENANT } from './api-keys.js';
import type { UserRole } from '../users/users.js';

/** Who is asking: the key a request came with, as the guard identified it. */
export interface Caller {
  /** The key's id; null for the open API (no key configured anywhere). */
  keyId: string | null;
  /** What people call it: `open`, `env:<id>` for a key of API_KEYS, or the name given at creation. */
  keyName: string;
  scope: ApiKeyScope;
  tenant: string;
  /** For a person signed in (a session token): their role, and the session, which sign-out ends. */
  role?: UserRole;
  sessionId?: string;
}

/** Every caller of an API without any key: it acts as admin of the one tenant there is. */
export const OPEN_CALLER: Caller = Object.freeze({ keyId: null, keyName: 'open', scope: 'admin', tenant: DEFAULT_TENANT });

/** A request as the guards leave it: the caller, and the key id the rate limits count by. */
export type IdentifiedRequest = Request & { caller?: Caller; apiKeyId?: string };

/**
 * The tenant whose tasks, runs and keys the caller may see and act on, or null for all of them
 * (admin keys, and the open API). Every read and action on tenant data filters by it; a row of
 * another tenant is answered as missing (404), so no caller learns that it exists.
 */
export function visibleTenant(caller: Caller): string | null {
  return caller.scope === 'admin' ? null : caller.tenant;
}

/** The caller of this request (set by ApiKeyGuard, which runs before every route). */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<IdentifiedRequest>().caller;
  // Only a public route has none, and public routes do not ask for it.
  if (!caller) throw new Error('No caller: the route is public or ApiKeyGuard did not run');
  return caller;
});
