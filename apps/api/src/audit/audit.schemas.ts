import { isoTimestamp } from '@atropos/tasks';
import { z } from 'zod';

const time = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 time with a zone, such as 2026-11-23T10:15:30Z' })
  .transform((value) => new Date(value));

export const auditQuery = z.strictObject({
  tenant: z.string().max(64).optional().describe('Only entries of this tenant.'),
  action: z.string().max(64).optional().meta({ example: 'task.cancel' }).describe('Only this action, e.g. task.cancel or auth.failed.'),
  actor: z.string().max(120).optional().describe('Only entries of this key (its id, or its name).'),
  target: z.string().max(300).optional().describe('Only entries on this target (a task or run id, a workflow or key name).'),
  after: time.optional().describe('Only entries at or after this time.'),
  before: time.optional().describe('Only entries before this time.'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1–200.'),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'is not a cursor this API returned; start again without it')
    .optional(),
});

export type AuditQuery = z.output<typeof auditQuery>;

export const auditEntrySchema = z
  .object({
    id: z.string().describe('Grows with time: the newest entry has the highest.'),
    at: isoTimestamp,
    actor: z
      .string()
      .describe(
        "The key that acted: `open` without keys, `env:<id>` for a key of API_KEYS, a created key's name; `anonymous` for a refused authentication.",
      ),
    actor_key_id: z.string().nullable(),
    tenant: z.string().nullable().describe("The actor's tenant; null for a refused authentication."),
    action: z.string().meta({ example: 'task.cancel' }),
    target: z.string().nullable().describe('What it acted on: a task or run id (`<run>/<step>` for a step), a workflow or key name.'),
    status: z.int().describe('The HTTP status the API answered: 2xx done, 4xx refused.'),
    source_ip: z.string().nullable(),
    request_id: z.string().nullable().describe('The X-Request-Id of the request, as in the API log.'),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });

export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ data: z.array(auditEntrySchema), next_cursor: z.string().nullable() }).meta({ id: 'AuditPage' });
