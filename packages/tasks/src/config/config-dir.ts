import { envVar } from '@atropos/config';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The directory operators put Atropos's configuration files in (task-types.json, workflows.json).
 * `CONFIG_DIR` when set (relative to the working directory); otherwise the monorepo's `config/`
 * folder, found by walking up from `cwd`: the apps run with their own folder as working directory
 * (apps/<name>, /app/apps/<name> in the images), so the folder is not simply `./config`. Falls
 * back to `<cwd>/config` outside a checkout.
 */
export function resolveConfigDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const configured = env['CONFIG_DIR']?.trim();
  if (configured) return path.resolve(cwd, configured);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (isWorkspaceRoot(dir) && existsSync(path.join(dir, 'config'))) return path.join(dir, 'config');
    if (path.dirname(dir) === dir) return path.join(path.resolve(cwd), 'config');
  }
}

function isWorkspaceRoot(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { workspaces?: unknown };
    return manifest.workspaces !== undefined;
  } catch {
    return false;
  }
}

/** CONFIG_DIR, read by both apps: the folder resolveConfigDir settles on. */
export const configDirEnv = envVar(
  'CONFIG_DIR',
  z
    .string()
    .optional()
    .transform((dir) => resolveConfigDir({ CONFIG_DIR: dir })),
  "Folder of the operator's configuration files (task-types.json, workflows.json); unset: the repository's config/",
);
