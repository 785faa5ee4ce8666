import type { ResolutionContext } from './references.js';
import { parseReference, resolveParameters } from './references.js';

/**
 * The language of a step's `if:`, small on purpose and evaluated by this parser, never by `eval`:
 *
 *   condition  := or
 *   or         := and ("or" and)*
 *   and        := not ("and" not)*
 *   not        := "not" not | comparison
 *   comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand)?
 *   operand    := reference | number | 'text' | "text" | true | false | null | "(" condition ")"
 *
 * References are those of parameters (`${input.region}`, `${steps.check.result.count}`); one whose
 * value is missing is null. `==`/`!=` compare JSON values; `<`, `<=`, `>`, `>=` compare two numbers
 * or two strings and are false otherwise. An operand alone is true unless it is false, null, 0 or
 * "" (or missing).
 */
export type Condition =
  | { kind: 'value'; value: unknown }
  | { kind: 'reference'; text: string }
  | { kind: 'not'; operand: Condition }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'compare'; op: ComparisonOperator; left: Condition; right: Condition };

type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

type Token = { type: 'ref' | 'num' | 'str' | 'word' | 'op' | 'paren'; text: string; value?: unknown; at: number };

const TOKEN =
  /\s*(?:(\$\{[^}]*\})|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([A-Za-z_]+)|(==|!=|<=|>=|<|>)|([()]))/y;

export class ConditionSyntaxError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < source.length) {
    if (/^\s*$/.test(source.slice(position))) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(source);
    if (!match) {
      const rest = source.slice(position);
      const at = position + rest.length - rest.trimStart().length;
      throw new ConditionSyntaxError(`unexpected "${rest.trim().slice(0, 20)}" at character ${at + 1}`);
    }
    const at = match.index + match[0].length - match[0].trimStart().length;
    const [, ref, num, single, double, word, op, paren] = match;
    if (ref !== undefined) {
      const parsed = parseReference(ref.slice(2, -1));
      if (typeof parsed === 'string') throw new ConditionSyntaxError(`${ref} ${parsed}`);
      tokens.push({ type: 'ref', text: ref, at });
    } else if (num !== undefined) tokens.push({ type: 'num', text: num, value: Number(num), at });
    else if (single !== undefined || double !== undefined) {
      const text = (single ?? double)!;
      tokens.push({ type: 'str', text, value: text.replace(/\\(.)/g, '$1'), at });
    } else if (word !== undefined) tokens.push({ type: 'word', text: word, at });
    else if (op !== undefined) tokens.push({ type: 'op', text: op, at });
    else tokens.push({ type: 'paren', text: paren!, at });
    position = TOKEN.lastIndex;
  }
  return tokens;
}

/** Parses a condition; throws ConditionSyntaxError saying what is wrong and where. */
export function parseCondition(source: string): Condition {
  const tokens = tokenize(source);
  let next = 0;
  const peek = () => tokens[next];
  const fail = (what: string): never => {
    const token = peek();
    throw new ConditionSyntaxError(
      token ? `expected ${what} at character ${token.at + 1}, found "${token.text}"` : `expected ${what} at the end`,
    );
  };
  const isWord = (word: string) => peek()?.type === 'word' && peek()!.text === word;

  const or = (): Condition => {
    let left = and();
    while (isWord('or')) {
      next += 1;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Condition => {
    let left = not();
    while (isWord('and')) {
      next += 1;
      left = { kind: 'and', left, right: not() };
    }
    return left;
  };
  const not = (): Condition => {
    if (isWord('not')) {
      next += 1;
      return { kind: 'not', operand: not() };
    }
    const left = operand();
    if (peek()?.type === 'op') {
      const op = tokens[next++]!.text as ComparisonOperator;
      return { kind: 'compare', op, left, right: operand() };
    }
    return left;
  };
  const operand = (): Condition => {
    const token = peek();
    if (!token) return fail('a value, a reference or "("');
    next += 1;
    switch (token.type) {
      case 'ref':
        return { kind: 'reference', text: token.text };
      case 'num':
      case 'str':
        return { kind: 'value', value: token.value };
      case 'word':
        if (token.text === 'true') return { kind: 'value', value: true };
        if (token.text === 'false') return { kind: 'value', value: false };
        if (token.text === 'null') return { kind: 'value', value: null };
        next -= 1;
        return fail('a value, a reference or "("');
      case 'paren':
        if (token.text === '(') {
          const inner = or();
          if (peek()?.text !== ')') fail('")"');
          next += 1;
          return inner;
        }
        next -= 1;
        return fail('a value, a reference or "("');
      default:
        next -= 1;
        return fail('a value, a reference or "("');
    }
  };

  const condition = or();
  if (next < tokens.length) fail('"and", "or" or the end');
  return condition;
}

/** The references a condition reads, as written (`${…}`). */
export function conditionReferences(condition: Condition): string[] {
  switch (condition.kind) {
    case 'reference':
      return [condition.text];
    case 'value':
      return [];
    case 'not':
      return conditionReferences(condition.operand);
    default:
      return [...conditionReferences(condition.left), ...conditionReferences(condition.right)];
  }
}

/** Evaluates a parsed condition; a reference with no value reads as null. */
export function evaluateCondition(condition: Condition, context: ResolutionContext): boolean {
  return truthy(valueOf(condition, context));
}

function valueOf(condition: Condition, context: ResolutionContext): unknown {
  switch (condition.kind) {
    case 'value':
      return condition.value;
    case 'reference': {
      const resolved = resolveParameters({ value: condition.text }, context);
      return resolved.ok ? (resolved.parameters.value ?? null) : null;
    }
    case 'not':
      return !truthy(valueOf(condition.operand, context));
    case 'and':
      return truthy(valueOf(condition.left, context)) && truthy(valueOf(condition.right, context));
    case 'or':
      return truthy(valueOf(condition.left, context)) || truthy(valueOf(condition.right, context));
    case 'compare':
      return compare(condition.op, valueOf(condition.left, context), valueOf(condition.right, context));
  }
}

function truthy(value: unknown): boolean {
  return !(value === false || value === null || value === undefined || value === 0 || value === '');
}

function compare(op: ComparisonOperator, left: unknown, right: unknown): boolean {
  if (op === '==') return canonical(left) === canonical(right);
  if (op === '!=') return canonical(left) !== canonical(right);
  const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const [a, b] = [left as number | string, right as number | string];
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, each: unknown) =>
    each !== null && typeof each === 'object' && !Array.isArray(each)
      ? Object.fromEntries(Object.entries(each).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : each,
  );
}
