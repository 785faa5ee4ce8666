/** One key's change from a version to the next. */
export interface KeyChange {
  key: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** The keys of `after` that differ from `before`, by name: added, removed, or with another value. */
export function diffParameters(before: Record<string, unknown>, after: Record<string, unknown>): KeyChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key): KeyChange[] => {
    if (!(key in before)) return [{ key, kind: 'added', after: after[key] }];
    if (!(key in after)) return [{ key, kind: 'removed', before: before[key] }];
    return JSON.stringify(before[key]) === JSON.stringify(after[key])
      ? []
      : [{ key, kind: 'changed', before: before[key], after: after[key] }];
  });
}
