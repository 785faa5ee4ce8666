/** `{name}` in an argument stands for the value of parameter `name`. */
const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

/** The parameter names an argument template refers to. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/**
 * The argv of a configured command: each template becomes exactly one argument, its placeholders
 * replaced by the parameters' values as plain text. No shell ever sees the result, so quotes,
 * `;`, `$(…)`, globs and redirections in a value reach the program as the characters they are.
 */
export function buildCommandArgs(templates: readonly string[], parameters: Readonly<Record<string, unknown>>): string[] {
  return templates.map((template) =>
    template.replace(PLACEHOLDER, (_, name: string) => {
      const value = parameters[name];
      // The loader only accepts placeholders of parameters that are required or have a default.
      // The schema allows only strings, numbers and booleans (parameters-schema.ts).
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw new Error(
        value === undefined || value === null ? `parameter "${name}" has no value` : `parameter "${name}" is not a plain value`,
      );
    }),
  );
}

/**
 * The parameters whose value would begin an argument with `-`, which most programs read as an
 * option (`--output=/etc/x`, `-rf`) rather than as the value it was meant to be. A template that
 * itself starts with `-` (`--size={size}`) is the operator's option and never counts; a value at
 * the start of a template does, also after placeholders whose values are empty.
 */
export function optionLikeParameters(templates: readonly string[], parameters: Readonly<Record<string, unknown>>): string[] {
  const found = new Set<string>();
  for (const template of templates) {
    let rest = template;
    for (;;) {
      const match = /^\{([a-z][a-z0-9_]*)\}/.exec(rest);
      if (!match) break;
      const value = parameters[match[1]!];
      const text = value === undefined || value === null ? '' : String(value);
      if (text.startsWith('-')) found.add(match[1]!);
      if (text !== '') break;
      rest = rest.slice(match[0].length);
    }
  }
  return [...found];
}
