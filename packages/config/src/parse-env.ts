import type { EnvConfig, EnvDeclarations } from './env-var.js';

/** One variable at fault and what is wrong with it. */
export interface EnvProblem {
  variable: string;
  message: string;
}

/** A bad environment: the message names every variable at fault on one line, for the start log. */
export class InvalidEnvError extends Error {
  constructor(
    app: string,
    readonly problems: EnvProblem[],
  ) {
    super(`Invalid ${app} configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
    this.name = 'InvalidEnvError';
  }
}

/**
 * Reads every declared variable from `env` (defaults filled in, values converted) into the settings
 * object typed by `EnvConfig`. Every bad value is reported at once, named by its variable, so the
 * operator fixes them in one go; `app` names the program in that message ("API", "worker").
 */
export function parseEnv<Declarations extends EnvDeclarations>(
  declarations: Declarations,
  env: Readonly<Record<string, string | undefined>>,
  app: string,
): EnvConfig<Declarations> {
  const settings: Record<string, unknown> = {};
  const problems: EnvProblem[] = [];
  const fieldOf = new Map<string, string>();
  for (const [field, { name, schema }] of Object.entries(declarations)) {
    const other = fieldOf.get(name);
    if (other !== undefined) throw new Error(`${name} is declared twice, as ${other} and as ${field}`);
    fieldOf.set(name, field);
    const parsed = schema.safeParse(env[name]);
    if (parsed.success) {
      settings[field] = parsed.data;
      continue;
    }
    for (const issue of parsed.error.issues) {
      // A list variable (CORS_ORIGINS) names the entry at fault: CORS_ORIGINS.1.
      problems.push({ variable: [name, ...issue.path.map(String)].join('.'), message: issue.message });
    }
  }
  if (problems.length > 0) throw new InvalidEnvError(app, problems);
  return settings as EnvConfig<Declarations>;
}
