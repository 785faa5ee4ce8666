import { createHash } from 'node:crypto';

/**
 * Names a task type's contract: `sha256:` and the SHA-256 of its parameter and result JSON Schemas
 * written with sorted keys, so two workers built from the same definitions agree whatever order
 * they wrote the keys in, and any change of a type, bound or default gives another fingerprint.
 */
export function schemaFingerprint(parametersSchema: unknown, resultSchema: unknown): string {
  const canonical = canonicalJson({ parameters: parametersSchema, result: resultSchema ?? null });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed string, but undefined for undefined, a function or a symbol
  return JSON.stringify(value) ?? 'null';
}
