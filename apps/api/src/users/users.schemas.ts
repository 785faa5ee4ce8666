import { isoTimestamp } from '@atropos/tasks';
import { z } from 'zod';
import { API_KEY_SCOPES, TENANT_PATTERN } from '../security/api-keys.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USER_ROLES } from './users.js';

/** The contract of `/auth` (signing in and out) and `/users` (people managed by admins). */

const email = z.email({ error: 'must be an email address' }).max(254).meta({ example: 'ann@example.com' });
const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH);

export const signInBody = z
  .strictObject({
    email: z.string().trim().min(1).max(254).meta({ example: 'ann@example.com' }),
    // Any length is tried up to the maximum: a policy is for setting passwords, not for refusing sign-ins.
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  })
  .meta({ id: 'SignInRequest' });
export type SignInBody = z.output<typeof signInBody>;

export const signInMethodsSchema = z
  .object({
    password: z.boolean().describe('Email and password (always).'),
    oidc: z.boolean().describe('Single sign-on through OpenID Connect (OIDC_ISSUER_URL is set).'),
  })
  .meta({ id: 'SignInMethods' });

export const oidcStartBody = z
  .strictObject({
    redirect_uri: z.url({ protocol: /^https?$/ }).describe("Where the provider sends the person back (the web's /sign-in/oidc/callback)."),
  })
  .meta({ id: 'OidcStartRequest' });
export type OidcStartBody = z.output<typeof oidcStartBody>;

const oidcChecks = {
  state: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  code_verifier: z.string().min(43).max(128),
};

export const oidcStartSchema = z
  .object({
    authorization_url: z.string().describe('Send the person here.'),
    ...oidcChecks,
  })
  .describe('Keep state, nonce and code_verifier (server-side, or in an HttpOnly cookie) for the callback.')
  .meta({ id: 'OidcStart' });

export const oidcCallbackBody = z
  .strictObject({
    callback_url: z
      .url({ protocol: /^https?$/ })
      .describe('The whole address the provider sent the person back to, code and state included.'),
    ...oidcChecks,
  })
  .meta({ id: 'OidcCallbackRequest' });
export type OidcCallbackBody = z.output<typeof oidcCallbackBody>;

export const userSchema = z
  .object({
    id: z.string().meta({ example: 'usr_5f0c1e2d3a4b' }),
    email: z.string(),
    role: z.enum(USER_ROLES),
    tenant: z.string(),
    created_by: z.string().nullable().describe('The key or user that created it.'),
    created_at: isoTimestamp,
    disabled_at: isoTimestamp.nullable(),
  })
  .meta({ id: 'User' });

export const sessionSchema = z
  .object({
    token: z
      .string()
      .meta({ example: 'ats_Q2x…' })
      .describe('Send as Authorization: Bearer <token>; shown this once, stored only as a hash.'),
    expires_at: isoTimestamp,
    user: userSchema,
  })
  .meta({ id: 'Session' });

export const whoAmISchema = z
  .object({
    name: z.string().describe("The user's email, or the API key's name."),
    scope: z.enum(API_KEY_SCOPES),
    tenant: z.string(),
    role: z.enum(USER_ROLES).nullable().describe('The role of a signed-in user; null for an API key.'),
  })
  .meta({ id: 'WhoAmI' });

const tenant = z.string().regex(TENANT_PATTERN, 'must be 1–64 lower-case letters, digits, _ or -, starting with a letter or digit');

export const createUserBody = z
  .strictObject({
    email,
    password,
    role: z.enum(USER_ROLES),
    tenant: tenant.optional().describe("The tenant whose tasks the user sees; the creating admin's tenant when left out."),
  })
  .meta({ id: 'CreateUserRequest' });
export type CreateUserBody = z.output<typeof createUserBody>;

export const updateUserBody = z
  .strictObject({
    role: z.enum(USER_ROLES).optional(),
    password: password.optional(),
    disabled: z.boolean().optional().describe('true: the user can no longer sign in, and their sessions end at once.'),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'name at least one of role, password, disabled' })
  .meta({ id: 'UpdateUserRequest' });
export type UpdateUserBody = z.output<typeof updateUserBody>;

export const userListSchema = z.object({ data: z.array(userSchema) }).meta({ id: 'UserList' });
export const revokedSessionsSchema = z.object({ revoked: z.number().int() }).meta({ id: 'RevokedSessions' });
export const userIdParam = z.string().regex(/^usr_[0-9a-f]{12}$/, 'must be a user id (usr_ and 12 hex digits)');
