import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.join(here, '..');
const run = promisify(execFile);
// Jest's --experimental-vm-modules is no business of the scripts run here.
const { NODE_OPTIONS: _jestVmModules, ...env } = process.env;

/** Runs a Node script in this package's folder; resolves with its exit code and output. */
async function node(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: packageDir, env: { ...env, NO_COLOR: '1' } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe("the API's OpenAPI document", () => {
  it('is what openapi.json and src/openapi.generated.ts hold (run `npm run generate -w @atropos/client` when not)', async () => {
    const { code, output } = await node([path.join('scripts', 'generate.mjs'), '--check']);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('match the OpenAPI document') });
  });

  it("passes redocly lint: Redocly's recommended rules as errors, camelCase operation ids, declared tags (redocly.yaml)", async () => {
    const redoclyBin = path.join(path.dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
    const { code, output } = await node([redoclyBin, 'lint', '--format', 'stylish']);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('Your API description is valid') });
  });
});
