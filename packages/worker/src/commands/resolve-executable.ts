import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The file a configured `command` names: a path as it is, a bare name looked up in the worker's
 * PATH (the command's own environment has only its allow-list, so it cannot be searched there).
 * Null when nothing executable is found.
 */
export function resolveExecutable(command: string, searchPath: string | undefined): string | null {
  if (command.includes('/')) return command;
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here.
    }
  }
  return null;
}
