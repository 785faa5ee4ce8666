import { BadRequestException, Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { errorSchema } from '../common/error.schema.js';
import { Public, RequireScope } from '../security/access.decorators.js';
import type { Caller } from '../security/caller.js';
import { CurrentCaller } from '../security/caller.js';
import { OidcSignInService } from './oidc-sign-in.service.js';
import { SignInService } from './sign-in.service.js';
import { UserStore } from './user-store.js';
import type { OidcCallbackBody, OidcStartBody, SignInBody } from './users.schemas.js';
import {
  oidcCallbackBody,
  oidcStartBody,
  oidcStartSchema,
  sessionSchema,
  signInBody,
  signInMethodsSchema,
  whoAmISchema,
} from './users.schemas.js';

/** People signing in and out; the web UI calls these on their behalf. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIns: SignInService,
    private readonly users: UserStore,
    private readonly oidc: OidcSignInService,
  ) {}

  @Get('methods')
  @Public()
  @ApiOperation({
    operationId: 'signInMethods',
    summary: 'How people may sign in',
    description: 'The web shows a single sign-on button when `oidc` is true.',
  })
  @ApiResponse({ status: 200, standardSchema: signInMethodsSchema })
  methods() {
    return { password: true, oidc: this.oidc.enabled };
  }

  @Post('oidc/start')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'startOidcSignIn',
    summary: 'Start single sign-on',
    description: "The provider's authorization address (code flow with PKCE, state and nonce) and the checks to keep for the callback.",
  })
  @ApiResponse({ status: 200, standardSchema: oidcStartSchema })
  @ApiResponse({ status: 400, description: 'Invalid body.', standardSchema: errorSchema })
  @ApiResponse({ status: 404, description: 'Single sign-on is not configured.', standardSchema: errorSchema })
  startOidc(@Body({ schema: oidcStartBody }) body: OidcStartBody) {
    return this.oidc.start(body.redirect_uri);
  }

  @Post('oidc/callback')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'finishOidcSignIn',
    summary: 'Finish single sign-on',
    description:
      "Redeems the provider's code (with the PKCE verifier), checks the ID token and its nonce, and answers a session for the Atropos user " +
      'with its verified email. Users are not created here: an admin creates them first.',
  })
  @ApiResponse({ status: 200, standardSchema: sessionSchema })
  @ApiResponse({ status: 400, description: 'Invalid body.', standardSchema: errorSchema })
  @ApiResponse({
    status: 401,
    description: "The provider's answer did not check out, or no user has its email.",
    standardSchema: errorSchema,
  })
  @ApiResponse({ status: 404, description: 'Single sign-on is not configured.', standardSchema: errorSchema })
  finishOidc(
    @Body({ schema: oidcCallbackBody }) body: OidcCallbackBody,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { callback_url: callbackUrl, ...checks } = body;
    return this.oidc.finish(
      callbackUrl,
      checks,
      { ip: request.ip ?? null, requestId: response.getHeader('x-request-id')?.toString() ?? null },
      (user) => this.users.openSession(user, request.ip ?? null),
    );
  }

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'signIn',
    summary: 'Sign in with an email and a password',
    description:
      'Answers a session token, sent afterwards as `Authorization: Bearer <token>` like an API key: a viewer reads, an operator ' +
      'also writes, an admin has the admin scope. Failed sign-ins are counted per email and per address: past ' +
      '`SIGN_IN_FAILURES_PER_ACCOUNT` or `SIGN_IN_FAILURES_PER_ADDRESS` the answer is 429 with Retry-After.',
  })
  @ApiResponse({ status: 200, standardSchema: sessionSchema })
  @ApiResponse({ status: 400, description: 'Invalid body.', standardSchema: errorSchema })
  @ApiResponse({ status: 401, description: 'The email or the password is wrong (or the user is disabled).', standardSchema: errorSchema })
  @ApiResponse({ status: 429, description: 'Too many failed sign-ins; see Retry-After.', standardSchema: errorSchema })
  signIn(@Body({ schema: signInBody }) body: SignInBody, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.signIns.signIn(
      body.email,
      body.password,
      { ip: request.ip ?? null, requestId: response.getHeader('x-request-id')?.toString() ?? null },
      response,
    );
  }

  @Post('sign-out')
  @HttpCode(204)
  @RequireScope('read')
  @ApiOperation({ operationId: 'signOut', summary: 'End the session the request carries', description: 'The token stops working at once.' })
  @ApiResponse({ status: 204, description: 'Signed out.' })
  @ApiResponse({ status: 400, description: 'The request carries an API key, not a session token.', standardSchema: errorSchema })
  async signOut(@CurrentCaller() caller: Caller): Promise<void> {
    if (!caller.sessionId) throw new BadRequestException('Only a session signs out; this request carries an API key');
    await this.users.revokeSession(caller.sessionId);
  }

  @Get('me')
  @RequireScope('read')
  @ApiOperation({ operationId: 'whoAmI', summary: 'Who the request acts as', description: 'The signed-in user, or the API key.' })
  @ApiResponse({ status: 200, standardSchema: whoAmISchema })
  whoAmI(@CurrentCaller() caller: Caller) {
    return { name: caller.keyName, scope: caller.scope, tenant: caller.tenant, role: caller.role ?? null };
  }
}
