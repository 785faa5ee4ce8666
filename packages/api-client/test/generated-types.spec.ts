import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('src/openapi.generated.ts', () => {
  it("matches the API's current OpenAPI document (run `npm run generate -w @atropos/api-client` when it does not)", async () => {
    const { NODE_OPTIONS: _jestVmModules, ...env } = process.env;
    const run = promisify(execFile)(process.execPath, [path.join(here, '..', 'scripts', 'generate-types.mjs'), '--check'], { env });
    await expect(run).resolves.toMatchObject({ stdout: expect.stringContaining('match the OpenAPI document') });
  });
});
