import type { FieldProblem, TaskTypeCatalog } from '@atropos/tasks';
import type { CheckTaskType } from '../task-types/task-types.service.js';
import { toFieldProblems } from '@atropos/tasks';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { conditionReferences, ConditionSyntaxError, parseCondition } from './conditions.js';
import type { FoundReference } from './references.js';
import { findReferences, parseReference } from './references.js';

/** Names usable inside a reference path: no dots, spaces, `$`, `{` or `}`. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const nameRule = 'must be 1–64 letters, digits, _ or -, starting with a letter or digit';

/** A fanned-out step runs at most this many elements. */
export const MAX_FOR_EACH_ITEMS = 10_000;
/** A run's parallelism limit when its definition gives none. */
export const DEFAULT_RUN_MAX_PARALLEL = 10;

const stepSchema = z
  .strictObject({
    name: z.string().regex(NAME, nameRule),
    kind: z.enum(['task', 'approval']).default('task'),
    task_type: z.string().min(1).optional(),
    description: z.string().max(1000).optional(),
    parameters: z.record(z.string(), z.unknown()).default({}),
    needs: z.array(z.string()).max(100).optional(),
    if: z.string().min(1).max(2000).optional(),
    for_each: z.string().min(1).max(500).optional(),
    max_parallel: z.int().min(1).max(1000).optional(),
    continue_on_failure: z.boolean().optional(),
    timeout: z
      .number()
      .positive()
      .max(30 * 24 * 3600)
      .optional(),
    on_timeout: z.enum(['reject', 'approve']).optional(),
    default_payload: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((step, context) => {
    const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
    if (step.kind === 'task') {
      if (step.task_type === undefined) issue('task_type', 'is required for a step of kind task');
      for (const key of ['timeout', 'on_timeout', 'default_payload'] as const) {
        if (step[key] !== undefined) issue(key, 'is only for steps of kind approval');
      }
    } else {
      for (const key of ['task_type', 'for_each', 'max_parallel'] as const) {
        if (step[key] !== undefined) issue(key, 'is only for steps of kind task');
      }
      if (Object.keys(step.parameters).length > 0) issue('parameters', 'an approval step has no parameters');
    }
    if (step.max_parallel !== undefined && step.for_each === undefined) issue('max_parallel', 'is only for steps with for_each');
  });

const workflowSchema = z.strictObject({
  name: z.string().regex(NAME, nameRule),
  description: z.string().max(1000).default(''),
  max_parallel: z.int().min(1).max(1000).default(DEFAULT_RUN_MAX_PARALLEL),
  steps: z.array(stepSchema).min(1, 'must list at least one step').max(500),
});

const fileSchema = z.strictObject({ workflows: z.array(workflowSchema) });

export type WorkflowStepDefinition = z.output<typeof stepSchema>;
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
    throw new WorkflowDefinitionError(
      file,
      toFieldProblems(parsed.error.issues).map((problem) => located(json, problem)),
    );
  }
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const workflow of parsed.data.workflows) {
    if (seen.has(workflow.name)) errors.push(`workflow "${workflow.name}": is defined twice; workflow names must be unique`);
    seen.add(workflow.name);
    errors.push(
      ...checkSteps(workflow, (type, parameters) => catalog.check(type, parameters)).map(
        (error) => `workflow "${workflow.name}", ${error}`,
      ),
    );
  }
  if (errors.length > 0) throw new WorkflowDefinitionError(file, errors);
  return parsed.data.workflows.map(withNeeds);
}

/**
 * Checks one workflow as `PUT /workflows/{name}` receives it (the same checks as at load):
 * the definition with every step's `needs` filled in, or the errors, each naming step and field.
 */
export function validateWorkflowDefinition(
  json: unknown,
  checkType: CheckTaskType,
): { ok: true; workflow: WorkflowDefinition } | { ok: false; errors: FieldProblem[] } {
  const parsed = workflowSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: toFieldProblems(parsed.error.issues) };
  const errors = checkSteps(parsed.data, checkType);
  if (errors.length > 0) return { ok: false, errors: errors.map((error) => ({ field: 'steps', message: error })) };
  return { ok: true, workflow: withNeeds(parsed.data) };
}

/**
 * The steps each step needs as the engine reads them: as written, or, in a definition where no
 * step says `needs` (a linear one, as before graphs), the step before it.
 */
export function needsOf(steps: ReadonlyArray<{ name: string; needs?: string[] }>): string[][] {
  const linear = steps.every((step) => step.needs === undefined);
  return steps.map((step, index) => (linear ? (index > 0 ? [steps[index - 1]!.name] : []) : (step.needs ?? [])));
}

function withNeeds(workflow: WorkflowDefinition): WorkflowDefinition {
  const needs = needsOf(workflow.steps);
  return { ...workflow, steps: workflow.steps.map((step, index) => ({ ...step, needs: needs[index]! })) };
}

/** Every reference a step reads: in its parameters, its condition and its for_each. */
export function stepReferences(step: WorkflowStepDefinition): { references: FoundReference[]; problems: FieldProblem[] } {
  const { references, problems } = findReferences(step.parameters);
  if (step.if !== undefined) {
    try {
      for (const text of conditionReferences(parseCondition(step.if))) {
        references.push({ field: 'if', text, reference: parseReference(text.slice(2, -1)) as FoundReference['reference'] });
      }
    } catch (error) {
      if (!(error instanceof ConditionSyntaxError)) throw error;
      problems.push({ field: 'if', message: `is not a condition: ${error.message}` });
    }
  }
  if (step.for_each !== undefined) {
    const found = findReferences({ for_each: step.for_each }, '');
    const whole = /^\$\{[^}]*\}$/.test(step.for_each);
    if (!whole || found.references.length !== 1) {
      problems.push({ field: 'for_each', message: 'must be exactly one reference to an array, e.g. "${steps.split.result.items}"' });
    } else references.push({ ...found.references[0]!, field: 'for_each' });
    problems.push(...found.problems.map((problem) => ({ ...problem, field: 'for_each' })));
  }
  return { references, problems };
}

/** The cycle through `needs`, as step names from a step back to itself, or null. */
export function findCycle(names: string[], needs: string[][]): string[] | null {
  const index = new Map(names.map((name, at) => [name, at]));
  const state = names.map(() => 0); // 0 unseen, 1 on the path, 2 done
  const path: number[] = [];
  const visit = (at: number): string[] | null => {
    state[at] = 1;
    path.push(at);
    for (const need of needs[at]!) {
      const next = index.get(need);
      if (next === undefined || next === at) continue;
      if (state[next] === 1) return [...path.slice(path.indexOf(next)), next].map((each) => names[each]!);
      if (state[next] === 0) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state[at] = 2;
    return null;
  };
  for (let at = 0; at < names.length; at += 1) {
    if (state[at] !== 0) continue;
    const found = visit(at);
    // Written the way the arrows run: from the step needed to the step that needs it.
    if (found) return found.reverse();
  }
  return null;
}

/** For each step, the names of every step it needs directly or not. */
export function ancestorsOf(names: string[], needs: string[][]): Array<Set<string>> {
  const index = new Map(names.map((name, at) => [name, at]));
  const memo: Array<Set<string> | undefined> = names.map(() => undefined);
  const of = (at: number, seen: Set<number>): Set<string> => {
    if (memo[at]) return memo[at];
    const found = new Set<string>();
    for (const need of needs[at]!) {
      const next = index.get(need);
      if (next === undefined || seen.has(next)) continue;
      found.add(need);
      for (const each of of(next, new Set([...seen, next]))) found.add(each);
    }
    memo[at] = found;
    return found;
  };
  return names.map((_, at) => of(at, new Set([at])));
}

function checkSteps(workflow: WorkflowDefinition, checkType: CheckTaskType): string[] {
  const errors: string[] = [];
  const names = workflow.steps.map((step) => step.name);
  const needs = needsOf(workflow.steps);
  const cycle = findCycle(names, needs);
  if (cycle) errors.push(`needs: has a cycle: ${cycle.join(' → ')}; a step cannot need itself through other steps`);
  const ancestors = ancestorsOf(names, needs);
  workflow.steps.forEach((step, index) => {
    const at = (field: string, message: string) => `step "${step.name}", ${field}: ${message}`;
    if (names.indexOf(step.name) !== index) {
      errors.push(`step "${step.name}": is defined twice in this workflow; step names must be unique`);
    }
    for (const need of step.needs ?? []) {
      if (need === step.name) errors.push(at('needs', 'a step cannot need itself'));
      else if (!names.includes(need)) errors.push(at('needs', `names no step "${need}"; this workflow's steps are ${names.join(', ')}`));
    }
    if (new Set(step.needs ?? []).size !== (step.needs ?? []).length) errors.push(at('needs', 'names a step twice'));
    const { references, problems } = stepReferences(step);
    errors.push(...problems.map((problem) => at(problem.field, problem.message)));
    // A malformed reference is as good as one for what follows: its key is not checked statically.
    const referencingKeys = new Set<string>([...references, ...problems].map((found) => topKey(found.field)));
    for (const { field, text, reference } of references) {
      if ((reference.source === 'item' || reference.source === 'index') && step.for_each === undefined) {
        errors.push(at(field, `${text}: only a step with for_each has an item and an index`));
      }
      if (field === 'for_each' && (reference.source === 'item' || reference.source === 'index')) {
        errors.push(at(field, `${text}: for_each reads the input or a step's result, not an item`));
      }
      if (reference.source !== 'step') continue;
      const target = names.indexOf(reference.step);
      if (target < 0) {
        errors.push(at(field, `${text} names no step "${reference.step}"; this workflow's steps are ${names.join(', ')}`));
      } else if (!cycle && !ancestors[index]!.has(reference.step)) {
        errors.push(
          at(
            field,
            `${text} names step "${reference.step}", which does not run before this one; a reference may only name a step this one needs, directly or through others`,
          ),
        );
      }
    }
    if (step.kind !== 'task') return;
    // Parameters holding a reference are checked once resolved, when the step's task is created.
    const staticParameters = Object.fromEntries(Object.entries(step.parameters).filter(([key]) => !referencingKeys.has(key)));
    const check = checkType(step.task_type!, staticParameters);
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
