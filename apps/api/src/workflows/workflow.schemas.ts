import { TASK_STATUSES, WORKFLOW_RUN_STATUSES, WORKFLOW_STEP_STATUSES } from '@atropos/tasks';
import { z } from 'zod';

/** The API contract of workflows and their runs; the OpenAPI document is built from these. */

const timestamp = z.iso.datetime({ offset: true }).meta({ example: '2026-11-23T10:15:30.123Z' });
const parameters = z
  .record(z.string(), z.unknown())
  .describe('Static values and `${input.<path>}` / `${steps.<step>.result.<path>}` references, as the definition gives them.');

export const workflowRunIdParam = z.uuid({ error: 'must be a workflow run id (a UUID such as 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21)' });
export const workflowNameParam = z.string().min(1).max(64);

export const workflowRunStatusSchema = z.enum(WORKFLOW_RUN_STATUSES).meta({ id: 'WorkflowRunStatus' });
export const workflowStepStatusSchema = z.enum(WORKFLOW_STEP_STATUSES).meta({ id: 'WorkflowStepStatus' });

export const workflowListSchema = z
  .array(
    z
      .object({
        name: z.string().meta({ example: 'nightly-report' }),
        description: z.string(),
        input_paths: z
          .array(z.string())
          .meta({ example: ['title', 'sections'] })
          .describe('What the steps read from the input (`${input.<path>}`): a run must give each of these.'),
        steps: z.array(
          z.object({
            name: z.string().meta({ example: 'crunch' }),
            task_type: z.string().meta({ example: 'data_processing' }),
            description: z.string().nullable(),
            parameters,
          }),
        ),
      })
      .meta({ id: 'Workflow' }),
  )
  .meta({ id: 'WorkflowList' });

/** Inputs are stored with the run and read by every step: keep them small. */
const MAX_INPUT_BYTES = 16 * 1024;

const smallObject = (what: string) =>
  z
    .record(z.string(), z.unknown())
    .refine((value) => JSON.stringify(value).length <= MAX_INPUT_BYTES, { error: `is too large: at most ${MAX_INPUT_BYTES / 1024} KB of JSON` })
    .describe(what);

export const startWorkflowRunBody = z
  .strictObject({ input: smallObject('What the steps read through `${input.<path>}` references.').default({}) })
  .meta({ id: 'StartWorkflowRunRequest' });

export type StartWorkflowRunBody = z.output<typeof startWorkflowRunBody>;

export const resumeWorkflowRunBody = z
  .strictObject({
    parameters: smallObject(
      "Only when resuming a failed run: values that replace those of the failed step's parameters (key by key) in this run, e.g. to fix what made it fail.",
    ).optional(),
  })
  .default({})
  .meta({ id: 'ResumeWorkflowRunRequest' });

export type ResumeWorkflowRunBody = z.output<typeof resumeWorkflowRunBody>;

const runFields = {
  id: z.uuid(),
  workflow: z.string().meta({ example: 'nightly-report' }),
  status: workflowRunStatusSchema,
  input: z.record(z.string(), z.unknown()),
  current_step: z.int().describe('Index (from 0) of the step the run is at: running, paused before, or failed.'),
  step_count: z.int(),
  error: z.string().nullable().describe('Why the run failed; null otherwise.'),
  created_at: timestamp,
  updated_at: timestamp,
  completed_at: timestamp.nullable().describe('When the run completed, failed or was cancelled.'),
};

export const workflowRunSummarySchema = z.object(runFields).meta({ id: 'WorkflowRunSummary' });

export const workflowRunStepSchema = z
  .object({
    index: z.int(),
    name: z.string(),
    task_type: z.string(),
    parameters,
    status: workflowStepStatusSchema.describe('Its latest task\'s status, or `waiting` before it has one.'),
    task_id: z.uuid().nullable().describe("The step's latest task (GET /tasks/{id}); earlier ones: GET /tasks?workflow_run_id=."),
    task_status: z.enum(TASK_STATUSES).nullable(),
    attempts: z.int(),
    max_attempts: z.int().nullable(),
    progress: z.int().min(0).max(100),
    progress_message: z.string().nullable(),
    started_at: timestamp.nullable(),
    completed_at: timestamp.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'WorkflowRunStep' });

export const workflowRunSchema = z
  .object({ ...runFields, steps: z.array(workflowRunStepSchema) })
  .meta({ id: 'WorkflowRun' });

export const listWorkflowRunsQuery = z.strictObject({
  status: workflowRunStatusSchema.optional().describe('Only runs in this status.'),
  workflow: z.string().max(64).optional().describe('Only runs of this workflow.'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1–100.'),
  cursor: z.string().max(200).optional().describe('`next_cursor` from the previous page.'),
});

export type ListWorkflowRunsQuery = z.output<typeof listWorkflowRunsQuery>;

export const workflowRunListSchema = z
  .object({
    data: z.array(workflowRunSummarySchema).describe('Newest first.'),
    next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'WorkflowRunList' });

export type WorkflowRunView = z.input<typeof workflowRunSchema>;
export type WorkflowRunSummaryView = z.input<typeof workflowRunSummarySchema>;
export type WorkflowRunStepView = z.input<typeof workflowRunStepSchema>;
