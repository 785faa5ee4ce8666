import { TASK_STATUSES } from '@atropos/tasks';
import { z } from 'zod';

/**
 * The worker protocol's contract, as zod schemas: they validate requests and become the OpenAPI
 * document (tag `worker-protocol`), which README's "Workers in other languages" walks through.
 */

const uuidExample = '0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21';
const timestamp = z.iso.datetime({ offset: true }).meta({ example: '2026-11-23T10:15:30.123Z' });

/** The longest a claim waits for a task before it answers 204. */
export const MAX_CLAIM_WAIT_S = 60;

export const claimRequest = z
  .strictObject({
    worker_id: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces, e.g. host-1:4242' })
      .describe('Names the worker in the task (`worker_id`) and in its attempt errors; unique per worker process.')
      .meta({ example: 'py-host-1:4242' }),
    types: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(50)
      .refine((types) => new Set(types).size === types.length, { error: 'lists a type twice' })
      .describe('The task types this worker serves: types declared with `"worker": "http"` in config/task-types.json.')
      .meta({ example: ['word_count'] }),
    wait_s: z
      .int()
      .min(0)
      .max(MAX_CLAIM_WAIT_S)
      .default(20)
      .describe(`How long to wait for a task when none is ready (long poll), 0 to ${MAX_CLAIM_WAIT_S} s; then 204.`),
  })
  .meta({ id: 'WorkerClaimRequest' });

export type ClaimRequest = z.output<typeof claimRequest>;

export const claimedTaskSchema = z
  .object({
    task_id: z.uuid().meta({ example: uuidExample }),
    attempt: z.int().describe('The attempt this claim started: send it with every report; it fences them.').meta({ example: 1 }),
    max_attempts: z.int().describe('Attempts the task may have in all; a failure of the last one is final.').meta({ example: 4 }),
    task_type: z.string().meta({ example: 'word_count' }),
    parameters: z
      .record(z.string(), z.unknown())
      .describe("Validated against the type's schema when the task was created, defaults filled in."),
    timeout_s: z.int().describe('The attempt must end within this many seconds of the claim; the lease is never extended past it.'),
    lease_expires_at: timestamp.describe("The attempt is this worker's until then; heartbeats and progress reports extend it."),
  })
  .meta({ id: 'WorkerClaimedTask' });

export const workerTaskIdParam = z.uuid({ error: 'must be a task id (a UUID such as 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21)' });

const attempt = z.int().min(1).max(2_147_483_647).describe('The `attempt` of the claim.').meta({ example: 1 });

export const heartbeatRequest = z.strictObject({ attempt }).meta({ id: 'WorkerHeartbeatRequest' });

export const progressRequest = z
  .strictObject({
    attempt,
    progress: z.int().min(0).max(100).describe('Percent done, 0 to 100.').meta({ example: 40 }),
    message: z.string().max(1_000).nullable().default(null).describe('What the attempt is doing, shown with the task.'),
  })
  .meta({ id: 'WorkerProgressRequest' });

export const completeRequest = z
  .strictObject({
    attempt,
    result: z
      .unknown()
      .transform((result) => result ?? null)
      .describe('The result: any JSON value, kept with the task as sent; null when left out.')
      .meta({ example: { words: 42 } }),
    message: z.string().max(1_000).nullable().default(null).describe('A last progress message, kept with the result.'),
  })
  .meta({ id: 'WorkerCompleteRequest' });

export const failRequest = z
  .strictObject({
    attempt,
    error: z.string().min(1).max(10_000).describe("What went wrong, kept in the task's attempt errors."),
    retryable: z
      .boolean()
      .default(true)
      .describe('false: retrying cannot help (bad input…), the task fails now; true: it is retried after a backoff while attempts remain.'),
  })
  .meta({ id: 'WorkerFailRequest' });

export type HeartbeatRequest = z.output<typeof heartbeatRequest>;
export type ProgressRequest = z.output<typeof progressRequest>;
export type CompleteRequest = z.output<typeof completeRequest>;
export type FailRequest = z.output<typeof failRequest>;

export const leaseSchema = z
  .object({
    task_id: z.uuid().meta({ example: uuidExample }),
    attempt: z.int().meta({ example: 1 }),
    lease_expires_at: timestamp.describe('The new end of the lease: report again well before it.'),
  })
  .meta({ id: 'WorkerLease' });

export const outcomeSchema = z
  .object({
    task_id: z.uuid().meta({ example: uuidExample }),
    attempt: z.int().meta({ example: 1 }),
    status: z
      .enum(TASK_STATUSES)
      .extract(['completed', 'retrying', 'failed'])
      .describe('The task now: completed; retrying (another attempt follows after a backoff); failed for good.'),
  })
  .meta({ id: 'WorkerOutcome' });
