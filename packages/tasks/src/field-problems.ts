/** One thing wrong with a request, named by the dotted path of the field at fault. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * An issue as zod reports it, and as any Standard Schema validator passes it on (zod's own
 * issues travel through `~standard.validate` unchanged, with their `code` and `keys`).
 */
export interface SchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  readonly code?: string;
  readonly keys?: readonly string[];
}

/** Turns validation issues into problems a person can act on, each naming its field under `prefix`. */
export function toFieldProblems(issues: readonly SchemaIssue[], prefix?: string): FieldProblem[] {
  return issues.flatMap((issue) => {
    const segments = (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part));
    const path = [prefix, ...segments].filter((part): part is string => part !== undefined && part !== '');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        field: [...path, key].join('.'),
        message: 'is not a recognised field; remove it or check its spelling',
      }));
    }
    return [{ field: path.join('.') || (prefix ?? 'body'), message: issue.message }];
  });
}

/** "a: x; b: y", for error messages that must name every field at fault in one line. */
export function describeFieldProblems(problems: FieldProblem[]): string {
  return problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
}
