import type { FieldProblem } from '@atropos/tasks';

/**
 * The reference syntax of step parameters. A string value that is exactly one reference takes the
 * referenced value with its JSON type; references inside a longer string are replaced by their
 * value as text (JSON for objects and arrays). `${` always opens a reference.
 *
 *   ${input.<path>}                  the run's input
 *   ${steps.<step>.result.<path>}    the result of a step this one needs, directly or not
 *                                    (a fanned-out step's result is the array of its elements' results)
 *   ${item.<path>}, ${index}         in a step with `for_each`: its element and the element's index
 *
 * A path is dot-separated keys; a key of digits indexes an array. `${input}` and
 * `${steps.<step>.result}` take the whole input or result.
 */
export type Reference =
  | { source: 'input'; path: string[] }
  | { source: 'step'; step: string; path: string[] }
  | { source: 'item'; path: string[] }
  | { source: 'index'; path: string[] };

export interface FoundReference {
  /** Where the reference sits, e.g. `parameters.title`. */
  field: string;
  /** The reference as written, `${…}` included. */
  text: string;
  reference: Reference;
}

const REFERENCE = /\$\{([^}]*)\}/g;
const WHOLE_REFERENCE = /^\$\{([^}]*)\}$/;
const KEY = /^[^.\s${}]+$/;

/** Parses what is between `${` and `}`; a string is the reason it is not a reference. */
export function parseReference(inner: string): Reference | string {
  const parts = inner.trim().split('.');
  const malformed = 'is not a reference: write ${input.<path>}, ${steps.<step name>.result.<path>}, ${item.<path>} or ${index}';
  if (parts.some((part) => !KEY.test(part))) return malformed;
  if (parts[0] === 'input') return { source: 'input', path: parts.slice(1) };
  if (parts[0] === 'item') return { source: 'item', path: parts.slice(1) };
  if (parts[0] === 'index' && parts.length === 1) return { source: 'index', path: [] };
  if (parts[0] === 'steps' && parts.length >= 3 && parts[2] === 'result') {
    return { source: 'step', step: parts[1]!, path: parts.slice(3) };
  }
  return malformed;
}

/** Every reference in `parameters`, and a problem for each `${…}` that is not one. */
export function findReferences(parameters: Record<string, unknown>, prefix = 'parameters') {
  const references: FoundReference[] = [];
  const problems: FieldProblem[] = [];
  walk(parameters, prefix, (text, field) => {
    for (const match of text.matchAll(REFERENCE)) {
      const parsed = parseReference(match[1]!);
      if (typeof parsed === 'string') problems.push({ field, message: `${match[0]} ${parsed}` });
      else references.push({ field, text: match[0], reference: parsed });
    }
    const unclosed = text.replace(REFERENCE, '').indexOf('${');
    if (unclosed >= 0) problems.push({ field, message: `has a "\${" with no closing "}"` });
  });
  return { references, problems };
}

export interface ResolutionContext {
  input: Record<string, unknown>;
  /** Results of the completed steps, by step name. */
  results: Record<string, unknown>;
  /** In a fanned-out step: the element this task runs, and its index. */
  item?: { value: unknown; index: number };
}

export type Resolution = { ok: true; parameters: Record<string, unknown> } | { ok: false; problems: FieldProblem[] };

/** Replaces every reference in `parameters` by its value; names each one whose value is missing. */
export function resolveParameters(parameters: Record<string, unknown>, context: ResolutionContext, prefix = 'parameters'): Resolution {
  const problems: FieldProblem[] = [];
  const resolveString = (text: string, field: string): unknown => {
    const whole = WHOLE_REFERENCE.exec(text);
    if (whole) return lookUp(whole[0], whole[1]!, context, field, problems);
    return text.replace(REFERENCE, (written, inner: string) => {
      const value = lookUp(written, inner, context, field, problems);
      return typeof value === 'string' ? value : JSON.stringify(value ?? null);
    });
  };
  const resolved = mapStrings(parameters, prefix, resolveString) as Record<string, unknown>;
  return problems.length > 0 ? { ok: false, problems } : { ok: true, parameters: resolved };
}

function lookUp(written: string, inner: string, context: ResolutionContext, field: string, problems: FieldProblem[]): unknown {
  const reference = parseReference(inner);
  if (typeof reference === 'string') {
    problems.push({ field, message: `${written} ${reference}` });
    return undefined;
  }
  if ((reference.source === 'item' || reference.source === 'index') && !context.item) {
    problems.push({ field, message: `${written}: only a step with for_each has an item` });
    return undefined;
  }
  const [root, where] =
    reference.source === 'input'
      ? [context.input, "the run's input"]
      : reference.source === 'item'
        ? [context.item!.value, 'the item']
        : reference.source === 'index'
          ? [context.item!.index, 'the index']
          : [context.results[reference.step], `the result of step "${reference.step}"`];
  if (reference.source === 'step' && !Object.hasOwn(context.results, reference.step)) {
    problems.push({ field, message: `${written}: step "${reference.step}" has no result` });
    return undefined;
  }
  let value: unknown = root;
  for (const [depth, key] of reference.path.entries()) {
    const next = child(value, key);
    if (next === undefined) {
      const missing = reference.path.slice(0, depth + 1).join('.');
      problems.push({ field, message: `${written}: ${where} has no ${missing}` });
      return undefined;
    }
    value = next;
  }
  return value;
}

function child(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(key) ? value[Number(key)] : undefined;
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, key)) return (value as Record<string, unknown>)[key];
  return undefined;
}

function walk(value: unknown, field: string, visit: (text: string, field: string) => void): void {
  mapStrings(value, field, (text, at) => {
    visit(text, at);
    return text;
  });
}

function mapStrings(value: unknown, field: string, map: (text: string, field: string) => unknown): unknown {
  if (typeof value === 'string') return map(value, field);
  if (Array.isArray(value)) return value.map((item, index) => mapStrings(item, `${field}.${index}`, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, `${field}.${key}`, map)]));
  }
  return value;
}
