import type { ApiKeyScope } from '../security/api-keys.js';

/** What a person may do in the web and through the API with their session. */
export const USER_ROLES = ['viewer', 'operator', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/**
 * A role acts with the scope of an API key: a viewer reads, an operator also creates, cancels,
 * retries and deletes, an admin also controls the queue and manages keys and users, across tenants.
 */
export const ROLE_SCOPES: Readonly<Record<UserRole, ApiKeyScope>> = { viewer: 'read', operator: 'write', admin: 'admin' };

/** Session tokens carry this prefix, so a leaked one is recognisable, and the guard knows where to look it up. */
export const SESSION_TOKEN_PREFIX = 'ats_';

/** Passwords: long enough to resist guessing even past the throttle; bounded so hashing one costs a known time. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
