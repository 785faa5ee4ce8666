// Generates src/openapi.generated.ts from the API's OpenAPI document.
//   node scripts/generate-types.mjs           write the file
//   node scripts/generate-types.mjs --check   exit 1 if the committed file differs (CI and the test run this)
// The document comes from apps/api/dist/docs/print-openapi.js, which builds it the way /docs-json
// does but without PostgreSQL or Redis, so generating needs only a built API.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const printer = path.resolve(here, '../../../apps/api/dist/docs/print-openapi.js');
const target = path.resolve(here, '../src/openapi.generated.ts');

const HEADER = `/**
 * The Atropos API's types, generated from its OpenAPI document by openapi-typescript.
 * Do not edit: run \`npm run generate -w @atropos/api-client\` after changing the API
 * (the API must be built first: \`npm run build -w @atropos/api\`).
 */

`;

const document = JSON.parse(execFileSync(process.execPath, [printer], { encoding: 'utf8' }));
// Request fields with a default (priority, parameters) stay optional, as the document says.
const generated = HEADER + astToString(await openapiTS(document, { defaultNonNullable: false }));

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // A missing file is as stale as it gets.
  }
  if (committed !== generated) {
    console.error(
      `${path.relative(process.cwd(), target)} does not match the API's OpenAPI document.\n` +
        'Run `npm run build -w @atropos/api && npm run generate -w @atropos/api-client` and commit the result.',
    );
    process.exit(1);
  }
  console.log('The generated API types match the OpenAPI document.');
} else {
  writeFileSync(target, generated);
  console.log(`Wrote ${path.relative(process.cwd(), target)}`);
}
