import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CommandTaskType } from '../commands/command-task-type.js';
import { commandTaskTypeSpec } from '../commands/command-task-type.js';
import type { HttpTaskType } from '../http-task-type.js';
import { httpTaskTypeSpec } from '../http-task-type.js';
import { TASK_TYPE_NAMES } from '../task-types.registry.js';
import { TaskTypeCatalog } from '../task-type-catalog.js';
import { resolveConfigDir } from './config-dir.js';

export const TASK_TYPES_FILE = 'task-types.json';

/** A configuration file that cannot be used; the API and the worker refuse to start with it. */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

/** What config/task-types.json declares: command types, and types served by workers over HTTP. */
export interface ConfiguredTaskTypes {
  commands: CommandTaskType[];
  http: HttpTaskType[];
}

/** An entry with `"worker": "http"` is a type served over HTTP; any other is a command type. */
const isHttpEntry = (entry: unknown) => (entry as { worker?: unknown } | null)?.worker === 'http';

/** The file: an array of entries, each read by the schema its kind calls for. */
const taskTypesFile = z
  .array(z.unknown())
  .max(1_000)
  .transform((entries, context) =>
    entries.map((entry, index) => {
      const parsed = (isHttpEntry(entry) ? httpTaskTypeSpec : commandTaskTypeSpec).safeParse(entry);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) context.addIssue({ ...issue, path: [index, ...issue.path] });
      return z.NEVER;
    }),
  );

/**
 * Reads the task types of `<configDir>/task-types.json`: none when the file does not exist.
 * Anything wrong (bad JSON, an unknown field, a name that clashes, an argument referring to a
 * parameter that does not exist…) throws a ConfigFileError naming the file, the entry and the
 * field, so a deployment never runs with half of its types.
 */
export function loadTaskTypesFile(configDir: string): ConfiguredTaskTypes {
  const file = path.join(configDir, TASK_TYPES_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { commands: [], http: [] };
    throw new ConfigFileError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  return parseTaskTypesFile(text, file);
}

/** The checks of loadTaskTypesFile on a file's text; `file` names it in errors. */
export function parseTaskTypesFile(text: string, file: string): ConfiguredTaskTypes {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = taskTypesFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const [index, ...field] = issue.path.map(String);
      if (index === undefined) return `the file must be a JSON array of task types (${issue.message})`;
      const keys = issue.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')}` : '';
      return `${describeEntry(json, Number(index))}${field.length > 0 ? `, field ${field.join('.')}` : ''}: ${issue.message}${keys}`;
    });
    throw new ConfigFileError(`Invalid ${file}: ${problems.join('; ')}`);
  }
  const types = parsed.data;
  const configured: ConfiguredTaskTypes = {
    commands: types.filter((spec): spec is CommandTaskType => !isHttpEntry(spec)),
    http: types.filter((spec): spec is HttpTaskType => isHttpEntry(spec)),
  };
  const problems: string[] = [];
  const seen = new Set<string>();
  types.forEach((spec, index) => {
    const entry = describeEntry(json, index);
    if ((TASK_TYPE_NAMES as string[]).includes(spec.name)) {
      problems.push(`${entry}, field name: "${spec.name}" is a built-in task type; choose another name`);
    } else if (seen.has(spec.name)) {
      problems.push(`${entry}, field name: "${spec.name}" is declared twice`);
    }
    seen.add(spec.name);
  });
  if (problems.length === 0) {
    // The example must pass the type's own schema, or /docs and the web form would show a bad one.
    const catalog = new TaskTypeCatalog(configured.commands, configured.http);
    types.forEach((spec, index) => {
      if (!spec.example) return;
      const check = catalog.check(spec.name, spec.example);
      if (!check.ok) {
        const detail = check.problems.map((p) => `${p.field.replace(/^parameters/, 'example')}: ${p.message}`).join(', ');
        problems.push(`${describeEntry(json, index)}, field ${detail}`);
      }
    });
  }
  if (problems.length > 0) throw new ConfigFileError(`Invalid ${file}: ${problems.join('; ')}`);
  return configured;
}

/** The command types of a file's text (parseTaskTypesFile's checks): what the command runner's tests read. */
export function parseCommandTaskTypes(text: string, file: string): CommandTaskType[] {
  return parseTaskTypesFile(text, file).commands;
}

/** Loads the catalog of this deployment: built-in types plus those of `<configDir>/task-types.json`. */
export function loadTaskTypeCatalog(configDir: string = resolveConfigDir()): TaskTypeCatalog {
  const { commands, http } = loadTaskTypesFile(configDir);
  return new TaskTypeCatalog(commands, http);
}

function describeEntry(json: unknown, index: number): string {
  const name = Array.isArray(json) ? (json[index] as { name?: unknown } | undefined)?.name : undefined;
  return `task type ${index}${typeof name === 'string' ? ` (${JSON.stringify(name)})` : ''}`;
}
