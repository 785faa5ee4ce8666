import type { FieldProblem } from '@atropos/tasks';

/**
 * What clients send must be storable as it is: PostgreSQL's `text` and `jsonb` hold no NUL
 * character (U+0000), and a lone UTF-16 surrogate (`"\ud800"` in JSON) is no Unicode character at
 * all, so jsonb refuses it and UTF-8 cannot encode it. Both are legal in JSON and in query strings,
 * so the API refuses them up front, naming the field, instead of letting the INSERT fail with a 500.
 */

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be found
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored, or null when it can. */
export function unstorableTextProblem(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  if (match[0] === '\u0000') return 'contains a NUL character (\\u0000), which cannot be stored; remove it';
  const code = match[0].charCodeAt(0).toString(16);
  return `contains an unpaired UTF-16 surrogate (\\u${code}), which is not valid Unicode and cannot be stored`;
}

/** Where a value sits: its key under its parent (null for the root), walked back only to name a field at fault. */
interface Place {
  key: string | null;
  parent: Place | null;
}

/**
 * Every string of `value` (object keys included) that cannot be stored, each named by its dotted
 * path under `prefix`. Iterative, so no input can exhaust the stack; linear in the size of the
 * value (each place links to its parent instead of copying its path, which made a deep value
 * quadratic); stops at `limit` problems.
 */
export function unstorableTextProblems(value: unknown, prefix: string | undefined, limit = 20): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const root: Place = { key: prefix ?? null, parent: null };
  const stack: Array<{ value: unknown; place: Place }> = [{ value, place: root }];
  while (stack.length > 0 && problems.length < limit) {
    const { value: current, place } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = unstorableTextProblem(current);
      if (problem) problems.push({ field: fieldName(place), message: problem });
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], place: { key: String(index), parent: place } });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, child] = entries[index]!;
        const problem = unstorableTextProblem(key);
        if (problem) problems.push({ field: fieldName(place), message: `has a key that ${problem}` });
        else stack.push({ value: child, place: { key, parent: place } });
      }
    }
  }
  return problems;
}

function fieldName(place: Place): string {
  const path: string[] = [];
  for (let at: Place | null = place; at; at = at.parent) if (at.key !== null) path.push(at.key);
  return path.length > 0 ? path.reverse().join('.') : 'body';
}
