import { Inject, Injectable, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import * as oidc from 'openid-client';
import { AuditLogService } from '../audit/audit-log.service.js';
import { SIGN_IN, SIGN_IN_FAILED } from '../audit/audit-actions.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import type { SignInSource } from './sign-in.service.js';
import type { UserRecord } from './user-store.js';
import { UserStore } from './user-store.js';

/** What the web keeps (in an HttpOnly cookie) between sending a person to the provider and their return. */
export interface OidcChecks {
  state: string;
  nonce: string;
  code_verifier: string;
}

/**
 * Single sign-on through OpenID Connect: the authorization code flow with PKCE (S256), a state and
 * a nonce, by openid-client. The web sends people to the provider and back; the API holds the
 * client secret, redeems the code, checks the ID token (signature, issuer, audience, expiry,
 * nonce) and opens a session for the Atropos user with the token's verified email. It creates no
 * user: an admin creates people first (their role and tenant are Atropos'), SSO only proves who
 * they are.
 */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger('OIDC');
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly users: UserStore,
    private readonly audit: AuditLogService,
  ) {}

  get enabled(): boolean {
    return this.config.oidcIssuerUrl !== undefined;
  }

  /** The provider's metadata, discovered once (again after a failure, so a provider down at start is retried). */
  private provider(): Promise<oidc.Configuration> {
    const { oidcIssuerUrl, oidcClientId, oidcClientSecret } = this.config;
    if (!oidcIssuerUrl || !oidcClientId || !oidcClientSecret) throw new NotFoundException('Single sign-on is not configured');
    this.configuration ??= oidc
      .discovery(new URL(oidcIssuerUrl), oidcClientId, oidcClientSecret, undefined, {
        // http only for a provider on loopback (a test's stand-in); the config refuses any other.
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- openid-client marks it so it stands out; loopback only
        execute: oidcIssuerUrl.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        this.logger.warn(`Discovery at ${oidcIssuerUrl} failed: ${String(error)}`);
        throw new UnauthorizedException(`The identity provider at ${oidcIssuerUrl} did not answer`);
      });
    return this.configuration;
  }

  /** Where to send the person, and the checks their return must pass. */
  async start(redirectUri: string): Promise<{ authorization_url: string } & OidcChecks> {
    const provider = await this.provider();
    const checks = { state: oidc.randomState(), nonce: oidc.randomNonce(), code_verifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(provider, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      response_type: 'code',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.code_verifier),
      code_challenge_method: 'S256',
    });
    return { authorization_url: url.toString(), ...checks };
  }

  /** Redeems the code the provider sent back to `callbackUrl` and opens a session for its user. */
  async finish(
    callbackUrl: string,
    checks: OidcChecks,
    source: SignInSource,
    openSession: (user: UserRecord) => Promise<{ token: string; expiresAt: Date }>,
  ): Promise<{ token: string; expires_at: string; user: UserRecord }> {
    const provider = await this.provider();
    let email: string | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(provider, new URL(callbackUrl), {
        pkceCodeVerifier: checks.code_verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      // An email the provider has not verified proves nothing about who owns it.
      if (typeof claims?.email === 'string' && claims.email_verified !== false) email = claims.email;
    } catch (error) {
      this.record(SIGN_IN_FAILED, 'oidc', null, source, { method: 'oidc', reason: String(error).slice(0, 200) });
      throw new UnauthorizedException('Single sign-on failed: the provider’s answer did not check out');
    }
    const user = email === undefined ? null : await this.users.findActiveByEmail(email);
    if (!user) {
      this.record(SIGN_IN_FAILED, email ?? 'oidc', null, source, { method: 'oidc', reason: email ? 'no such user' : 'no verified email' });
      throw new UnauthorizedException(
        email ? `No Atropos user has the email ${email}: an admin creates one first` : 'The provider did not give a verified email',
      );
    }
    const session = await openSession(user);
    this.record(SIGN_IN, user.email, user, source, { method: 'oidc' });
    return { token: session.token, expires_at: session.expiresAt.toISOString(), user };
  }

  private record(action: string, actor: string, user: UserRecord | null, source: SignInSource, detail: Record<string, unknown>): void {
    this.audit.record({
      actorKeyId: user?.id ?? null,
      actor,
      tenant: user?.tenant ?? null,
      action,
      target: user?.id ?? null,
      status: user ? 200 : 401,
      sourceIp: source.ip,
      requestId: source.requestId,
      detail,
    });
  }
}
