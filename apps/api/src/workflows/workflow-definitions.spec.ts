import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TaskTypeCatalog } from '@atropos/tasks';
import { loadTaskTypeCatalog, parseCommandTaskTypes } from '@atropos/tasks/config';
import { loadWorkflowDefinitions, validateWorkflowDefinitions, WorkflowDefinitionError } from './workflow-definitions.js';

/** The built-in task types only: what these definitions are checked against. */
const builtIns = new TaskTypeCatalog();

const FILE = 'config/workflows.json';

const step = (name: string, taskType: string, parameters: Record<string, unknown> = {}) => ({ name, task_type: taskType, parameters });
const file = (...steps: unknown[]) => ({ workflows: [{ name: 'flow', steps }] });

/** The error lines of an invalid file, or [] when it is valid. */
function errorsOf(json: unknown): string[] {
  try {
    validateWorkflowDefinitions(json, FILE, builtIns);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect((error as Error).message).toContain(`Invalid workflow definitions in ${FILE}:`);
    return (error as WorkflowDefinitionError).errors;
  }
}

describe('validateWorkflowDefinitions', () => {
  it('accepts a valid file and fills in defaults of the file format', () => {
    const workflows = validateWorkflowDefinitions(
      file(step('a', 'default'), step('b', 'default', { message: '${steps.a.result.message}' })),
      FILE,
      builtIns,
    );
    expect(workflows).toEqual([
      {
        name: 'flow',
        description: '',
        max_parallel: 10,
        // A definition where no step says `needs` is linear: each step needs the one before.
        steps: [
          { ...step('a', 'default'), kind: 'task', needs: [] },
          { ...step('b', 'default', { message: '${steps.a.result.message}' }), kind: 'task', needs: ['a'] },
        ],
      },
    ]);
  });

  it('names an unknown task type and lists the valid ones', () => {
    expect(errorsOf(file(step('a', 'defualt')))).toEqual([
      expect.stringMatching(/^workflow "flow", step "a", task_type: unknown task type "defualt"; valid types are .*default/),
    ]);
  });

  it("checks a step of an operator's command type against that type's parameters", () => {
    const commandTypes = parseCommandTaskTypes(
      JSON.stringify([
        {
          name: 'shout',
          description: 'Prints a word.',
          parameters: { properties: { word: { type: 'string', maxLength: 10 } }, required: ['word'] },
          command: 'printf',
          args: ['%s', '{word}'],
        },
      ]),
      'task-types.json',
    );
    const withShout = new TaskTypeCatalog(commandTypes);
    const flow = file(step('a', 'shout', { word: 'hello' }), step('b', 'shout', { word: 'far too long a word' }));
    expect(() => validateWorkflowDefinitions(flow, FILE, builtIns)).toThrow(/unknown task type "shout"/);
    expect(() => validateWorkflowDefinitions(flow, FILE, withShout)).toThrow(/step "b", parameters\.word: /);
  });

  it('refuses duplicate step and workflow names', () => {
    expect(errorsOf(file(step('a', 'default'), step('a', 'default')))).toEqual([
      'workflow "flow", step "a": is defined twice in this workflow; step names must be unique',
    ]);
    expect(
      errorsOf({
        workflows: [
          { name: 'w', steps: [step('a', 'default')] },
          { name: 'w', steps: [step('a', 'default')] },
        ],
      }),
    ).toEqual(['workflow "w": is defined twice; workflow names must be unique']);
  });

  it('refuses a reference to an unknown step, to a later step and to the step itself', () => {
    const errors = errorsOf(
      file(
        step('a', 'default', { message: '${steps.c.result.message}' }),
        step('b', 'default', { message: '${steps.b.result.message}' }),
        step('c', 'default', { message: '${steps.zz.result}' }),
      ),
    );
    expect(errors).toEqual([
      'workflow "flow", step "a", parameters.message: ${steps.c.result.message} names step "c", which does not run before this one; a reference may only name a step this one needs, directly or through others',
      'workflow "flow", step "b", parameters.message: ${steps.b.result.message} names step "b", which does not run before this one; a reference may only name a step this one needs, directly or through others',
      'workflow "flow", step "c", parameters.message: ${steps.zz.result} names no step "zz"; this workflow\'s steps are a, b, c',
    ]);
  });

  it('refuses a malformed reference', () => {
    expect(errorsOf(file(step('a', 'default', { message: 'hello ${step.x}' })))).toEqual([
      'workflow "flow", step "a", parameters.message: ${step.x} is not a reference: write ${input.<path>}, ${steps.<step name>.result.<path>}, ${item.<path>} or ${index}',
    ]);
  });

  it("checks static parameters against the type's schema, leaving those with references for run time", () => {
    const errors = errorsOf(
      file(step('a', 'report_generation', { sections: 500, title: '${input.title}', colour: 'red', format: '${input.format}' })),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^workflow "flow", step "a", parameters\.sections: Too big/),
      'workflow "flow", step "a", parameters.colour: is not a recognised field; remove it or check its spelling',
    ]);
  });

  it('names the workflow and step of a shape error by name, or by position when it has none', () => {
    const errors = errorsOf({
      workflows: [{ name: 'flow', steps: [{ name: 'bad name', task_type: 'default' }, { task_type: 'default' }] }, { steps: [] }],
    });
    expect(errors).toEqual([
      'workflow "flow", step "bad name", name: must be 1–64 letters, digits, _ or -, starting with a letter or digit',
      'workflow "flow", step #2, name: Invalid input: expected string, received undefined',
      'workflow #2, name: Invalid input: expected string, received undefined',
      'workflow #2, steps: must list at least one step',
    ]);
  });
});

describe('loadWorkflowDefinitions', () => {
  it('gives no workflows when the file is missing, and names the file when its JSON is broken', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'workflows-'));
    expect(loadWorkflowDefinitions(dir, builtIns)).toEqual([]);
    writeFileSync(path.join(dir, 'workflows.json'), '{"workflows": [');
    expect(() => loadWorkflowDefinitions(dir, builtIns)).toThrow(
      `Invalid workflow definitions in ${path.join(dir, 'workflows.json')}:\n  - not valid JSON:`,
    );
  });

  it('loads the example shipped in config/', () => {
    const repoConfig = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../config');
    const [workflow] = loadWorkflowDefinitions(repoConfig, loadTaskTypeCatalog(repoConfig));
    expect(workflow?.steps.map((each) => each.name)).toEqual(['crunch', 'report', 'announce']);
  });
});

describe('graphs', () => {
  const needing = (name: string, needs: string[], parameters: Record<string, unknown> = {}) => ({
    ...step(name, 'default', parameters),
    needs,
  });

  it('refuses a cycle, naming its path in the order the steps would run', () => {
    expect(errorsOf(file(needing('a', []), needing('b', ['a', 'd']), needing('c', ['b']), needing('d', ['c'])))).toEqual([
      'workflow "flow", needs: has a cycle: b → c → d → b; a step cannot need itself through other steps',
    ]);
  });

  it('refuses a missing, a self and a repeated need', () => {
    expect(errorsOf(file(needing('a', ['a']), needing('b', ['zz', 'a', 'a'])))).toEqual([
      'workflow "flow", step "a", needs: a step cannot need itself',
      'workflow "flow", step "b", needs: names no step "zz"; this workflow\'s steps are a, b',
      'workflow "flow", step "b", needs: names a step twice',
    ]);
  });

  it('lets a step reference any ancestor, and no other step, in parameters, conditions and for_each', () => {
    const diamond = file(
      needing('a', []),
      needing('b', ['a'], { message: '${steps.a.result.message}' }),
      needing('c', ['a']),
      needing('d', ['b', 'c'], { message: '${steps.a.result.message} ${steps.b.result.message}' }),
    );
    expect(errorsOf(diamond)).toEqual([]);
    expect(
      errorsOf(
        file(
          needing('a', []),
          needing('b', ['a']),
          { ...needing('c', ['a'], { message: '${steps.b.result.message}' }), if: '${steps.b.result.ok} == true' },
          { ...needing('d', ['a'], { message: '${item}' }), for_each: '${steps.c.result.items}' },
        ),
      ),
    ).toEqual([
      'workflow "flow", step "c", parameters.message: ${steps.b.result.message} names step "b", which does not run before this one; a reference may only name a step this one needs, directly or through others',
      'workflow "flow", step "c", if: ${steps.b.result.ok} names step "b", which does not run before this one; a reference may only name a step this one needs, directly or through others',
      'workflow "flow", step "d", for_each: ${steps.c.result.items} names step "c", which does not run before this one; a reference may only name a step this one needs, directly or through others',
    ]);
  });

  it('checks conditions, item references and approval steps', () => {
    expect(
      errorsOf(
        file(
          { ...needing('a', []), if: '${input.x} = 1' },
          needing('b', ['a'], { message: '${item.name}' }),
          { name: 'ok', kind: 'approval', needs: ['a'], task_type: 'default' },
          { ...needing('e', ['a']), for_each: 'not a reference' },
        ),
      ),
    ).toEqual(['workflow "flow", step "ok", task_type: is only for steps of kind task']);
    expect(
      errorsOf(
        file({ ...needing('a', []), if: '${input.x} = 1' }, needing('b', ['a'], { message: '${item.name}' }), {
          ...needing('e', ['a']),
          for_each: 'nope',
        }),
      ),
    ).toEqual([
      'workflow "flow", step "a", if: is not a condition: unexpected "= 1" at character 12',
      'workflow "flow", step "b", parameters.message: ${item.name}: only a step with for_each has an item and an index',
      'workflow "flow", step "e", for_each: must be exactly one reference to an array, e.g. "${steps.split.result.items}"',
    ]);
  });
});
