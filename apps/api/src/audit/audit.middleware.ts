import type { NextFunction, Request, Response } from 'express';
import { presentedKey } from '../security/api-key.guard.js';
import type { IdentifiedRequest } from '../security/caller.js';
import { AUTH_FAILED, auditedAction, auditedTarget, selfAudited } from './audit-actions.js';
import type { AuditLogService } from './audit-log.service.js';

/** What a creating route sets on `response.locals` for the audit: the ids it created. */
export interface AuditLocals {
  auditTarget?: string;
  /** What the change was beyond its route and target (a bulk action's filter, an edited replay's parameters). */
  auditDetail?: Record<string, unknown>;
}

/**
 * Records each change (every mutating request that passed authentication, whatever its outcome)
 * and each refused authentication, once the answer is sent: who (the caller the key guard
 * identified), tenant, action, target, status, source address and request id.
 */
export function auditRequests(audit: AuditLogService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    response.once('finish', () => {
      const path = (request.route as { path?: string } | undefined)?.path;
      if (path === undefined) return; // no route: nothing was done
      const route = `${request.baseUrl}${path}`;
      const { caller } = request as IdentifiedRequest;
      const common = {
        sourceIp: request.ip ?? null,
        requestId: response.getHeader('x-request-id')?.toString() ?? null,
        status: response.statusCode,
      };
      const action = auditedAction(request.method, route);
      if (response.statusCode === 401 && !selfAudited(request.method, route)) {
        audit.record({
          ...common,
          actorKeyId: null,
          actor: 'anonymous',
          tenant: null,
          action: AUTH_FAILED,
          target: null,
          detail: { route: `${request.method} ${route}`, reason: presentedKey(request) === undefined ? 'no key' : 'invalid key' },
        });
        return;
      }
      if (!action || !caller) return;
      const { auditTarget: created, auditDetail } = response.locals as AuditLocals;
      audit.record({
        ...common,
        actorKeyId: caller.keyId,
        actor: caller.keyName,
        tenant: caller.tenant,
        action,
        target: created ?? auditedTarget(request.params as Record<string, string | undefined>),
        detail: auditDetail ?? null,
      });
    });
    next();
  };
}
