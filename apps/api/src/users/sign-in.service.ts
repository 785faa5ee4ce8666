import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { AuditLogService } from '../audit/audit-log.service.js';
import { SIGN_IN, SIGN_IN_FAILED, SIGN_IN_THROTTLED } from '../audit/audit-actions.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { tooMany } from '../security/rate-limit.guard.js';
import { RequestCounter } from '../security/request-counter.js';
import type { UserRecord } from './user-store.js';
import { UserStore } from './user-store.js';

/** Where a sign-in comes from, for the throttle and the audit log. */
export interface SignInSource {
  ip: string | null;
  requestId: string | null;
}

/**
 * Signing in, throttled against guessing: failures are counted per email (whoever tries it) and
 * per client address (whatever emails it tries) in Redis, shared by every replica; past
 * SIGN_IN_FAILURES_PER_ACCOUNT or SIGN_IN_FAILURES_PER_ADDRESS within SIGN_IN_THROTTLE_MINUTES,
 * sign-ins are refused with 429 and Retry-After before the password is even checked, so a right
 * guess inside the lockout does not succeed either. Each outcome is audited.
 */
@Injectable()
export class SignInService {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly users: UserStore,
    private readonly counter: RequestCounter,
    private readonly audit: AuditLogService,
  ) {}

  async signIn(
    email: string,
    password: string,
    source: SignInSource,
    response: Response,
  ): Promise<{ token: string; expires_at: string; user: UserRecord }> {
    const account = `account:${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32)}`;
    const address = `ip:${source.ip ?? 'unknown'}`;
    const window = this.config.signInThrottleMs;
    const limits: Array<[client: string, limit: number]> = [
      [account, this.config.signInFailuresPerAccount],
      [address, this.config.signInFailuresPerAddress],
    ];
    for (const [client, limit] of limits) {
      if (limit === 0) continue;
      const failures = await this.counter.read('sign-in-failures', client, window);
      if (failures.count >= limit) {
        this.record(SIGN_IN_THROTTLED, email, null, 429, source);
        const per = client === account ? 'this email' : 'this address';
        throw tooMany(response, failures.retryAfterS, `${limit} failed sign-ins for ${per} in ${window / 60_000} minutes`);
      }
    }
    const user = await this.users.checkPassword(email, password);
    if (!user) {
      for (const [client, limit] of limits) if (limit > 0) await this.counter.add('sign-in-failures', client, window);
      this.record(SIGN_IN_FAILED, email, null, 401, source);
      // The same answer for an unknown email, a wrong password and a disabled user: it tells nothing.
      throw new UnauthorizedException('The email or the password is wrong');
    }
    const session = await this.users.openSession(user, source.ip);
    this.record(SIGN_IN, user.email, user, 200, source);
    return { token: session.token, expires_at: session.expiresAt.toISOString(), user };
  }

  private record(action: string, actor: string, user: UserRecord | null, status: number, source: SignInSource): void {
    this.audit.record({
      actorKeyId: user?.id ?? null,
      actor,
      tenant: user?.tenant ?? null,
      action,
      target: user?.id ?? null,
      status,
      sourceIp: source.ip,
      requestId: source.requestId,
      detail: null,
    });
  }
}
