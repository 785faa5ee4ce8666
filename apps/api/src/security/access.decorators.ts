import { SetMetadata } from '@nestjs/common';
import type { ApiKeyScope } from './api-keys.js';

export const REQUIRED_SCOPE = 'atropos:required-scope';

/** Open without a key, even when API_KEYS is set (health checks of orchestrators). */
export const Public = () => SetMetadata(REQUIRED_SCOPE, 'public');

/** Needs at least this scope; routes without it need `read` for GET and `write` otherwise. */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(REQUIRED_SCOPE, scope);
