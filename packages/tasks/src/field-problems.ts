import type { z } from 'zod';

/** One thing wrong with a request, named by the dotted path of the field at fault. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Turns zod's issues into problems a person can act on, each naming its field under `prefix`. */
export function toFieldProblems(error: z.ZodError, prefix?: string): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '');
    if (issue.code === 'unrecognized_keys') {
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
