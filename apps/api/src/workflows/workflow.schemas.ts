import { TASK_STATUSES, taskLabelsSchema, WORKFLOW_RUN_STATUSES, WORKFLOW_STEP_STATUSES } from '@atropos/tasks';
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
        version: z.int().describe('The latest version (`PUT /workflows/{name}` adds one; runs keep theirs).'),
        max_parallel: z.int().describe("A run's parallelism limit: at most this many of its step tasks unfinished at once."),
        steps: z.array(
          z.object({
            name: z.string().meta({ example: 'crunch' }),
            kind: z.enum(['task', 'approval']),
            task_type: z.string().nullable().meta({ example: 'data_processing' }),
            description: z.string().nullable(),
            parameters,
            needs: z.array(z.string()).describe('The steps it runs after (a linear definition: the step before).'),
            if: z.string().nullable(),
            for_each: z.string().nullable(),
            max_parallel: z.int().nullable(),
            continue_on_failure: z.boolean(),
            timeout: z.number().nullable(),
            on_timeout: z.enum(['reject', 'approve']).nullable(),
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
    .refine((value) => JSON.stringify(value).length <= MAX_INPUT_BYTES, {
      error: `is too large: at most ${MAX_INPUT_BYTES / 1024} KB of JSON`,
    })
    .describe(what);

export const startWorkflowRunBody = z
  .strictObject({
    input: smallObject('What the steps read through `${input.<path>}` references.').default({}),
    labels: taskLabelsSchema.default({}).describe('Labels of the run, which every one of its step tasks carries (see POST /tasks).'),
  })
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

export const rerunWorkflowRunBody = z
  .strictObject({
    from_step: z.string().min(1).max(64).describe('The step to run again; every step downstream of it runs again too.'),
    parameters: smallObject("Values that replace those of `from_step`'s parameters (key by key) in this run.").optional(),
  })
  .meta({ id: 'RerunWorkflowRunRequest' });

export type RerunWorkflowRunBody = z.output<typeof rerunWorkflowRunBody>;

export const decideApprovalBody = z
  .strictObject({
    payload: smallObject('What later steps read as `${steps.<step>.result.payload.<path>}`.').optional(),
    comment: z.string().max(2000).optional().describe('Why, for the run page.'),
  })
  .default({})
  .meta({ id: 'ApprovalDecisionRequest' });

export type DecideApprovalBody = z.output<typeof decideApprovalBody>;

export const stepNameParam = z.string().min(1).max(64);

const runFields = {
  id: z.uuid(),
  workflow: z.string().meta({ example: 'nightly-report' }),
  version: z.int().describe('The version of the definition the run started with.'),
  status: workflowRunStatusSchema,
  input: z.record(z.string(), z.unknown()),
  labels: z.record(z.string(), z.string()).describe('The labels the run was started with; its step tasks carry them.'),
  current_step: z.int().describe('Index (from 0) of the first step not done yet, or of the step that failed the run.'),
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
    kind: z.enum(['task', 'approval']),
    task_type: z.string().nullable(),
    parameters,
    needs: z.array(z.string()),
    if: z.string().nullable(),
    for_each: z.string().nullable(),
    continue_on_failure: z.boolean(),
    status: workflowStepStatusSchema.describe(
      "Its latest task's status (a fanned-out step: what its elements add up to), `waiting` before it has one, `skipped`, or an approval's.",
    ),
    round: z.int().describe('Starts at 0; each rerun that includes this step adds one.'),
    task_id: z.uuid().nullable().describe("The step's latest task (GET /tasks/{id}); null for fanned-out and approval steps."),
    task_status: z.enum(TASK_STATUSES).nullable(),
    attempts: z.int(),
    max_attempts: z.int().nullable(),
    progress: z.int().min(0).max(100),
    progress_message: z.string().nullable(),
    started_at: timestamp.nullable(),
    completed_at: timestamp.nullable(),
    error: z.string().nullable(),
    skip_reason: z.string().nullable(),
    items: z
      .object({ total: z.int().nullable(), created: z.int(), completed: z.int(), failed: z.int(), running: z.int() })
      .nullable()
      .describe('A fanned-out step: its elements (`total` is null until it starts) and their tasks.'),
    approval: z
      .object({
        since: z.string().nullable(),
        deadline: z.string().nullable(),
        decided_at: z.string().nullable(),
        decided_by: z.enum(['operator', 'timeout']).nullable(),
        comment: z.string().nullable(),
        payload: z.record(z.string(), z.unknown()).nullable(),
      })
      .nullable(),
    history: z
      .array(
        z.object({
          task_id: z.uuid(),
          round: z.int(),
          status: z.enum(TASK_STATUSES),
          attempts: z.int(),
          created_at: timestamp,
          completed_at: timestamp.nullable(),
          error: z.string().nullable(),
        }),
      )
      .describe('Every task the step had, oldest first: resumes and reruns (empty for a fanned-out step).'),
  })
  .meta({ id: 'WorkflowRunStep' });

export const workflowRunSchema = z.object({ ...runFields, steps: z.array(workflowRunStepSchema) }).meta({ id: 'WorkflowRun' });

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

export const workflowVersionSchema = z
  .object({ name: z.string(), version: z.int(), created_at: timestamp, definition: z.record(z.string(), z.unknown()) })
  .meta({ id: 'WorkflowVersion' });

export const workflowVersionListSchema = z.array(workflowVersionSchema).meta({ id: 'WorkflowVersionList' });

export const pendingApprovalListSchema = z
  .array(
    z.object({
      run_id: z.uuid(),
      workflow: z.string(),
      step: z.string(),
      since: z.string().nullable(),
      deadline: z.string().nullable(),
      input: z.record(z.string(), z.unknown()),
    }),
  )
  .meta({ id: 'PendingApprovalList' });

export type PendingApprovalList = z.infer<typeof pendingApprovalListSchema>;
