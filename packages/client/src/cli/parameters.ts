/** A mistake in how the command was called: exit code 2, with a message that says what to type instead. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The parts of a JSON Schema the CLI reads to turn `--param key=value` text into the value the type expects. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  description?: string;
  items?: JsonSchema;
}

/**
 * `--param` assignments (`key=value`, repeatable) as parameters, each value read as the task
 * type's schema says: `record_count=500` is the number 500 for an integer, `title=500` the string
 * "500" for a string; `flags=["a"]` is JSON for an array or object. A key the schema does not list
 * is read as JSON when it parses and as a string otherwise (the API says whether it is allowed).
 */
export function parseParamAssignments(assignments: readonly string[], schema: JsonSchema | undefined): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const separator = assignment.indexOf('=');
    if (separator <= 0) throw new UsageError(`--param ${assignment}: expected key=value, e.g. --param record_count=500`);
    const key = assignment.slice(0, separator);
    parameters[key] = coerceValue(assignment.slice(separator + 1), schema?.properties?.[key], key);
  }
  return parameters;
}

/**
 * `--label key=value` assignments (repeatable) as labels: the value is always a string, as labels
 * are; the API checks keys and lengths and says what is wrong.
 */
export function parseLabelAssignments(assignments: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const assignment of assignments) {
    const separator = assignment.indexOf('=');
    if (separator <= 0) throw new UsageError(`--label ${assignment}: expected key=value, e.g. --label project=beta`);
    labels[assignment.slice(0, separator).trim()] = assignment.slice(separator + 1).trim();
  }
  return labels;
}

/** A `--params '{"…": …}'` or `--input '{…}'` value: a JSON object. */
export function parseJsonObject(text: string, option: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option}: not valid JSON (${(error as Error).message}); e.g. ${option} '{"title": "Q3"}'`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`${option}: expected a JSON object, e.g. ${option} '{"title": "Q3"}'`);
  return value as Record<string, unknown>;
}

/** One `--param` value, read as its property's schema says (see parseParamAssignments). */
export function coerceValue(raw: string, schema: JsonSchema | undefined, key = 'value'): unknown {
  const types = typesOf(schema);
  if (types.size === 0) return loose(raw);
  if ((types.has('integer') || types.has('number')) && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (types.has('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (types.has('null') && raw === 'null') return null;
  if (types.has('object') || types.has('array')) {
    try {
      return JSON.parse(raw);
    } catch {
      if (!types.has('string'))
        throw new UsageError(`--param ${key}: expected JSON (${[...types].join(' or ')}), e.g. --param ${key}='["a","b"]'`);
    }
  }
  if (types.has('string')) return raw;
  // Not what the schema wants: sent as read, so that the API's answer names the field and the rule.
  return loose(raw);
}

/** The JSON types a schema allows, from `type`, `enum`, `const` and `anyOf`/`oneOf` members. */
export function typesOf(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (!schema) return types;
  for (const type of [schema.type ?? []].flat()) types.add(type);
  for (const value of [...(schema.enum ?? []), ...('const' in schema ? [schema.const] : [])]) types.add(jsonType(value));
  for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) for (const type of typesOf(member)) types.add(type);
  return types;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function loose(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** A short description of a property's schema for `atropos types <name>`: `integer 1..100, default 5`. */
export function describeSchema(schema: JsonSchema): string {
  const types = [...typesOf(schema)].filter((type) => !(type === 'number' && typesOf(schema).has('integer')));
  let kind = schema.enum ? `one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}` : types.join(' | ') || 'any';
  // zod's integers carry the safe-integer range as bounds: no bound worth printing.
  const minimum = schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER ? schema.minimum : undefined;
  const maximum = schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER ? schema.maximum : undefined;
  if (minimum !== undefined && maximum !== undefined) kind += ` ${minimum}..${maximum}`;
  else if (minimum !== undefined) kind += ` ≥ ${minimum}`;
  else if (maximum !== undefined) kind += ` ≤ ${maximum}`;
  if (schema.minLength !== undefined || schema.maxLength !== undefined)
    kind += `, ${schema.minLength ?? 0}..${schema.maxLength ?? '∞'} characters`;
  const parts = [kind];
  if ('default' in schema) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join(', ');
}
