import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder holding the config files (workflows.json): CONFIG_DIR if set, else the `config/`
 * folder of the monorepo the process runs in (the nearest folder above the working directory with
 * a `config/` folder beside a package.json that declares workspaces), else `./config`.
 */
export function findConfigDir(env: NodeJS.ProcessEnv = process.env, from: string = process.cwd()): string {
  if (env.CONFIG_DIR) return path.resolve(from, env.CONFIG_DIR);
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (isDirectory(path.join(dir, 'config')) && declaresWorkspaces(path.join(dir, 'package.json'))) return path.join(dir, 'config');
    if (path.dirname(dir) === dir) return path.resolve(from, 'config');
  }
}

function isDirectory(candidate: string): boolean {
  return existsSync(candidate) && statSync(candidate).isDirectory();
}

function declaresWorkspaces(packageJson: string): boolean {
  try {
    return 'workspaces' in (JSON.parse(readFileSync(packageJson, 'utf8')) as object);
  } catch {
    return false;
  }
}
