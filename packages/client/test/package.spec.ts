import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * @atropos/client as an outside project gets it: `npm pack`ed, installed from the tarball into a
 * scratch project outside the workspaces (its dependencies from the npm registry, or npm's cache),
 * its bin run and its types checked by a consumer's strict TypeScript.
 */
const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
// Jest's --experimental-vm-modules is no business of npm, tsc or the CLI.
const { NODE_OPTIONS: _jestVmModules, ...env } = process.env;
const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };

let scratch: string;
let packedFiles: string[];

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'atropos-client-consumer-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: packageDir, env });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packedFiles = packed!.files.map((file) => file.path);
  writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', path.join(scratch, packed!.filename)], {
    cwd: scratch,
    env,
  });
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed @atropos/client', () => {
  it('ships the built library, its sources for the source maps, the OpenAPI document and the README; no tests', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'openapi.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js']),
    );
    expect(packedFiles.filter((file) => /\.spec\.|^test\/|^scripts\//.test(file))).toEqual([]);
  });

  it('imports nothing from the workspace: no @atropos/* package, nothing under apps/', () => {
    for (const file of packedFiles.filter((name) => name.endsWith('.js') || name.endsWith('.d.ts'))) {
      const text = readFileSync(path.join(packageDir, file), 'utf8');
      expect({ file, imports: text.match(/from ['"](@atropos\/[^'"]+|[^'"]*apps\/[^'"]*)['"]/g) ?? [] }).toEqual({ file, imports: [] });
    }
  });

  it('installs an `atropos` bin that runs', async () => {
    const { stdout } = await run(path.join(scratch, 'node_modules', '.bin', 'atropos'), ['--version'], { env });
    expect(stdout.trim()).toBe(version);
  });

  it("type-checks a consumer's code under strict TypeScript, library declarations included", async () => {
    writeFileSync(
      path.join(scratch, 'consumer.ts'),
      `import { AtroposClient, ValidationError, type TaskProgress } from '@atropos/client';
const client = new AtroposClient({ baseUrl: 'http://127.0.0.1:8000', apiKey: process.env.ATROPOS_API_KEY });
export async function main(): Promise<number> {
  try {
    const task = await client.createTask({ task_type: 'data_processing', parameters: { record_count: 10 }, priority: 1 });
    const outcome = await client.waitForResult(task.id, { onProgress: (p: TaskProgress) => console.log(p.progress), timeoutMs: 60_000 });
    for await (const page of client.listTasks({ status: ['completed', 'failed'], limit: 50 })) console.log(page.data.length);
    return outcome.attempt_errors.length;
  } catch (error) {
    if (error instanceof ValidationError) return error.fields.length;
    throw error;
  }
}
declare const process: { env: Record<string, string | undefined> };
`,
    );
    const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
    const args = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2023',
      '--lib',
      'es2023,dom',
      'consumer.ts',
    ];
    const result = await run(process.execPath, [tsc, ...args], { cwd: scratch, env }).then(
      () => ({ code: 0, output: '' }),
      (error: unknown) => {
        const failed = error as { code?: number; stdout?: string };
        return { code: failed.code, output: failed.stdout ?? '' };
      },
    );
    expect(result).toEqual({ code: 0, output: '' });
  });
});
