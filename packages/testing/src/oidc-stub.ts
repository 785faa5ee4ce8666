import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in OpenID Connect provider on loopback, for tests of single sign-on: discovery, JWKS, an
 * authorization endpoint that signs in whoever the test says (no form) and a token endpoint that
 * checks the client's secret, the redirect URI and the PKCE verifier (S256) before it issues an
 * RS256 ID token. Small on purpose: it is the protocol's happy path plus the checks a client
 * relies on, not an identity provider.
 */
export interface OidcStub {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Whom the next authorization signs in (`email_verified` true unless said). */
  signInAs(email: string, emailVerified?: boolean): void;
  /** Every token request, with whether its PKCE verifier matched the authorization's challenge. */
  tokenRequests: Array<{ pkceVerified: boolean }>;
  stop(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  nonce: string | undefined;
  challenge: string;
  email: string;
  emailVerified: boolean;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}

export async function startOidcStub(clientId = 'atropos-web', clientSecret = 'stub-client-secret'): Promise<OidcStub> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(4).toString('hex');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  const tokenRequests: Array<{ pkceVerified: boolean }> = [];
  let person = { email: 'nobody@example.com', emailVerified: true };
  let issuer = '';

  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };

  const idToken = (claims: Record<string, unknown>) => {
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const payload = base64url(JSON.stringify(claims));
    return `${header}.${payload}.${base64url(sign('sha256', Buffer.from(`${header}.${payload}`), privateKey))}`;
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', issuer);
      if (url.pathname === '/.well-known/openid-configuration') {
        json(response, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
          scopes_supported: ['openid', 'email'],
        });
        return;
      }
      if (url.pathname === '/jwks') {
        json(response, 200, { keys: [jwk] });
        return;
      }
      if (url.pathname === '/authorize') {
        const query = url.searchParams;
        const redirectUri = query.get('redirect_uri');
        const challenge = query.get('code_challenge');
        if (query.get('client_id') !== clientId || !redirectUri || !challenge || query.get('code_challenge_method') !== 'S256') {
          json(response, 400, { error: 'invalid_request' });
          return;
        }
        const code = randomBytes(16).toString('base64url');
        codes.set(code, { clientId, redirectUri, nonce: query.get('nonce') ?? undefined, challenge, ...person });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        const state = query.get('state');
        if (state !== null) back.searchParams.set('state', state);
        response.writeHead(302, { location: back.toString() });
        return response.end();
      }
      if (url.pathname === '/token' && request.method === 'POST') {
        const form = new URLSearchParams(await readBody(request));
        const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
        const [id, secret] = basic
          ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent)
          : [form.get('client_id'), form.get('client_secret')];
        if (id !== clientId || secret !== clientSecret) {
          json(response, 401, { error: 'invalid_client' });
          return;
        }
        const pending = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const pkceVerified = pending !== undefined && base64url(createHash('sha256').update(verifier).digest()) === pending.challenge;
        tokenRequests.push({ pkceVerified });
        if (
          !pending ||
          form.get('grant_type') !== 'authorization_code' ||
          form.get('redirect_uri') !== pending.redirectUri ||
          !pkceVerified
        ) {
          json(response, 400, { error: 'invalid_grant' });
          return;
        }
        const now = Math.floor(Date.now() / 1000);
        json(response, 200, {
          access_token: randomBytes(16).toString('base64url'),
          token_type: 'Bearer',
          expires_in: 300,
          id_token: idToken({
            iss: issuer,
            sub: createHash('sha256').update(pending.email).digest('hex').slice(0, 16),
            aud: clientId,
            iat: now,
            exp: now + 300,
            ...(pending.nonce === undefined ? {} : { nonce: pending.nonce }),
            email: pending.email,
            email_verified: pending.emailVerified,
          }),
        });
        return;
      }
      json(response, 404, { error: 'not_found' });
    })().catch((error: unknown) => json(response, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(email, emailVerified = true) {
      person = { email, emailVerified };
    },
    tokenRequests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
