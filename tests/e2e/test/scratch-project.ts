import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@atropos/testing';

const run = promisify(execFile);

/** The workspaces a project installs to use @atropos/worker, as npm would publish them. */
const PUBLISHED = ['@atropos/config', '@atropos/observability', '@atropos/tasks', '@atropos/db', '@atropos/queue', '@atropos/worker'];

export interface ScratchProject {
  /** The project's folder, outside the repository. */
  dir: string;
  /** Its installed `atropos-worker` command (node_modules/@atropos/worker's bin). */
  bin: string;
  /** Its built module of tasks, dist/my-tasks.js. */
  module: string;
  remove(): Promise<void>;
}

/**
 * examples/my-tasks as an outside project would have it: the packages it needs packed with
 * `npm pack`, the project's own files copied into a temporary folder outside the workspaces, its
 * dependencies installed by npm with @atropos/worker (and the packages it depends on) taken from
 * the packs instead of a registry, and built with its own `npm run build` (tsc against the packed
 * types). A deep import, or a type the package does not export, fails here.
 */
export async function installExampleProject(): Promise<ScratchProject> {
  const root = repoRoot();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'atropos-scratch-'));
  const packs = path.join(dir, 'packs');
  const project = path.join(dir, 'my-tasks');
  await mkdir(packs);
  await run('npm', ['pack', '--silent', '--pack-destination', packs, ...PUBLISHED.flatMap((name) => ['-w', name])], { cwd: root });
  const tarballs = new Map<string, string>();
  for (const file of await readdir(packs)) {
    const name = PUBLISHED.find((each) => file === `${each.slice(1).replace('/', '-')}-0.1.0.tgz`);
    if (name) tarballs.set(name, `file:${path.join(packs, file)}`);
  }
  if (tarballs.size !== PUBLISHED.length)
    throw new Error(`npm pack made ${[...tarballs.keys()].join(', ')}; expected ${PUBLISHED.join(', ')}`);

  const example = path.join(root, 'examples', 'my-tasks');
  await mkdir(project);
  for (const entry of ['package.json', 'tsconfig.json', 'src'])
    await cp(path.join(example, entry), path.join(project, entry), { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    overrides?: Record<string, string>;
  };
  // What a registry would serve: @atropos/worker from its pack, and the packages it depends on too.
  manifest.dependencies['@atropos/worker'] = tarballs.get('@atropos/worker')!;
  manifest.overrides = Object.fromEntries(
    PUBLISHED.filter((name) => name !== '@atropos/worker').map((name) => [name, tarballs.get(name)!]),
  );
  await writeFile(path.join(project, 'package.json'), JSON.stringify(manifest, null, 2));

  const npm = (...args: string[]) => run('npm', args, { cwd: project, maxBuffer: 16 * 1024 * 1024 });
  await npm('install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error');
  await npm('run', 'build');
  return {
    dir: project,
    bin: path.join(project, 'node_modules', '@atropos', 'worker', 'dist', 'bin', 'atropos-worker.js'),
    module: path.join(project, 'dist', 'my-tasks.js'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
