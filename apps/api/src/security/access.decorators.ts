import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, DECORATORS } from '@nestjs/swagger';
import type { ApiKeyScope } from './api-keys.js';

export const REQUIRED_SCOPE = 'atropos:required-scope';

/** The OpenAPI extension that names the scope an operation needs (docs/swagger.ts fills in the defaults). */
export const REQUIRED_SCOPE_EXTENSION = 'x-required-scope';

/**
 * Open without a key, even when API_KEYS is set (health checks of orchestrators). The OpenAPI
 * document says so with an empty `security` list, which overrides the document-wide requirement.
 */
export const Public = () => applyDecorators(SetMetadata(REQUIRED_SCOPE, 'public'), SetMetadata(DECORATORS.API_SECURITY, []));

/** Needs at least this scope; routes without it need `read` for GET and `write` otherwise. */
export const RequireScope = (scope: ApiKeyScope) =>
  applyDecorators(SetMetadata(REQUIRED_SCOPE, scope), ApiExtension(REQUIRED_SCOPE_EXTENSION, scope));
