import { isoTimestamp } from '@atropos/tasks';
import { z } from 'zod';
import { API_KEY_SCOPES, TENANT_PATTERN } from './api-keys.js';

/** The contract of `/api-keys`: keys managed at run time, by admin keys. */

const tenant = z
  .string()
  .regex(TENANT_PATTERN, 'must be 1–64 lower-case letters, digits, _ or -, starting with a letter or digit')
  .meta({ example: 'acme' });

export const createApiKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).meta({ example: 'billing-service' }).describe('What the key is for, for people.'),
    scope: z.enum(API_KEY_SCOPES).describe('read, write, admin (across tenants), worker (the worker protocol) or metrics (GET /metrics).'),
    tenant: tenant.optional().describe("The tenant whose tasks the key sees and creates; the creating key's tenant when left out."),
    expires_at: isoTimestamp
      .optional()
      .refine((value) => value === undefined || Date.parse(value) > Date.now(), { error: 'must be in the future' })
      .describe('When the key stops working; never when left out.'),
  })
  .meta({ id: 'CreateApiKeyRequest' });

export type CreateApiKeyBody = z.output<typeof createApiKeyBody>;

export const apiKeySchema = z
  .object({
    id: z.string().meta({ example: '5f0c1e2d3a4b6c7d' }),
    name: z.string(),
    tenant: z.string(),
    scope: z.enum(API_KEY_SCOPES),
    created_by: z.string().nullable().describe('The key that created it.'),
    created_at: isoTimestamp,
    expires_at: isoTimestamp.nullable(),
    last_used_at: isoTimestamp.nullable().describe('Updated at most once a minute.'),
    revoked_at: isoTimestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createdApiKeySchema = apiKeySchema
  .extend({ secret: z.string().meta({ example: 'atr_3q2-…' }).describe('The key itself: shown this once, stored only as a hash.') })
  .meta({ id: 'CreatedApiKey' });

export const apiKeyListSchema = z.object({ data: z.array(apiKeySchema) }).meta({ id: 'ApiKeyList' });

export const apiKeyIdParam = z.string().regex(/^[0-9a-f]{16}$/, 'must be an API key id (16 hex digits)');
