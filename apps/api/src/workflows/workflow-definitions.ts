import type { FieldProblem, TaskTypeCatalog } from '@atropos/tasks';
import { toFieldProblems } from '@atropos/tasks';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { findReferences } from './references.js';

/** Names usable inside a reference path: no dots, spaces, `$`, `{` or `}`. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const nameRule = 'must be 1–64 letters, digits, _ or -, starting with a letter or digit';

const stepSchema = z.strictObject({
  name: z.string().regex(NAME, nameRule),
  task_type: z.string().min(1),
  description: z.string().max(1000).optional(),
  parameters: z.record(z.string(), z.unknown()).default({}),
});

const workflowSchema = z.strictObject({
  name: z.string().regex(NAME, nameRule),
  description: z.string().max(1000).default(''),
  steps: z.array(stepSchema).min(1, 'must list at least one step'),
});

const fileSchema = z.strictObject({ workflows: z.array(workflowSchema) });

export type WorkflowDefinition = z.output<typeof workflowSchema>;

export const WORKFLOWS_FILE = 'workflows.json';

/** The definitions are wrong; the message lists every error, each naming file, workflow, step and field. */
export class WorkflowDefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly errors: string[],
  ) {
    super(`Invalid workflow definitions in ${file}:\n${errors.map((error) => `  - ${error}`).join('\n')}`);
    this.name = 'WorkflowDefinitionError';
  }
}

/** Reads `<configDir>/workflows.json`; no file means no workflows. Throws WorkflowDefinitionError. */
export function loadWorkflowDefinitions(configDir: string, catalog: TaskTypeCatalog): WorkflowDefinition[] {
  const file = path.join(configDir, WORKFLOWS_FILE);
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new WorkflowDefinitionError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  return validateWorkflowDefinitions(json, file, catalog);
}

/** Checks the shape, the names, each reference and each step's static parameters against its task type. */
export function validateWorkflowDefinitions(json: unknown, file: string, catalog: TaskTypeCatalog): WorkflowDefinition[] {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new WorkflowDefinitionError(file, toFieldProblems(parsed.error.issues).map((problem) => located(json, problem)));
  }
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const workflow of parsed.data.workflows) {
    if (seen.has(workflow.name)) errors.push(`workflow "${workflow.name}": is defined twice; workflow names must be unique`);
    seen.add(workflow.name);
    errors.push(...checkSteps(workflow, catalog).map((error) => `workflow "${workflow.name}", ${error}`));
  }
  if (errors.length > 0) throw new WorkflowDefinitionError(file, errors);
  return parsed.data.workflows;
}

function checkSteps(workflow: WorkflowDefinition, catalog: TaskTypeCatalog): string[] {
  const errors: string[] = [];
  const names = workflow.steps.map((step) => step.name);
  workflow.steps.forEach((step, index) => {
    const at = (field: string, message: string) => `step "${step.name}", ${field}: ${message}`;
    if (names.indexOf(step.name) !== index) {
      errors.push(`step "${step.name}": is defined twice in this workflow; step names must be unique`);
    }
    const { references, problems } = findReferences(step.parameters);
    errors.push(...problems.map((problem) => at(problem.field, problem.message)));
    // A malformed reference is as good as one for what follows: its key is not checked statically.
    const referencingKeys = new Set<string>([...references, ...problems].map((found) => topKey(found.field)));
    for (const { field, text, reference } of references) {
      if (reference.source !== 'step') continue;
      const target = names.indexOf(reference.step);
      if (target < 0) {
        errors.push(at(field, `${text} names no step "${reference.step}"; this workflow's steps are ${names.join(', ')}`));
      } else if (target >= index) {
        errors.push(at(field, `${text} names step "${reference.step}", which does not run before this one; a reference may only name an earlier step`));
      }
    }
    // Parameters holding a reference are checked once resolved, when the step's task is created.
    const staticParameters = Object.fromEntries(Object.entries(step.parameters).filter(([key]) => !referencingKeys.has(key)));
    const check = catalog.check(step.task_type, staticParameters);
    if (!check.ok) {
      for (const problem of check.problems) {
        if (referencingKeys.has(topKey(problem.field))) continue;
        errors.push(at(problem.field, problem.message));
      }
    }
  });
  return errors;
}

/** `parameters.a.b` → `a`. */
function topKey(field: string): string {
  return field.split('.')[1] ?? '';
}

/** Names the workflow and step of a shape error by their names when the file gives them. */
function located(json: unknown, problem: FieldProblem): string {
  const parts = problem.field.split('.');
  const workflows = (json as { workflows?: Array<{ name?: unknown; steps?: Array<{ name?: unknown }> }> } | null)?.workflows;
  if (parts[0] !== 'workflows' || parts[1] === undefined || !Array.isArray(workflows)) return `${problem.field}: ${problem.message}`;
  const workflow = workflows[Number(parts[1])];
  const label = (kind: string, entry: { name?: unknown } | undefined, index: string) =>
    typeof entry?.name === 'string' ? `${kind} "${entry.name}"` : `${kind} #${Number(index) + 1}`;
  const where = [label('workflow', workflow, parts[1])];
  let rest = parts.slice(2);
  if (rest[0] === 'steps' && rest[1] !== undefined && /^\d+$/.test(rest[1])) {
    where.push(label('step', workflow?.steps?.[Number(rest[1])], rest[1]));
    rest = rest.slice(2);
  }
  return `${where.join(', ')}${rest.length > 0 ? `, ${rest.join('.')}` : ''}: ${problem.message}`;
}

/** The workflows loaded at start, for injection. */
export const WORKFLOW_DEFINITIONS = Symbol('WORKFLOW_DEFINITIONS');
