// Generates openapi.json (the API's OpenAPI document) and src/openapi.generated.ts (its types) from the API.
//   node scripts/generate.mjs           write both files
//   node scripts/generate.mjs --check   exit 1 if a committed file differs (test/openapi-document.spec.ts runs this)
// The document comes from apps/api/dist/docs/print-openapi.js, which builds it the way /docs-json
// does but without PostgreSQL or Redis, so generating needs only a built API.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const printer = path.resolve(here, '../../../apps/api/dist/docs/print-openapi.js');
const documentFile = path.resolve(here, '../openapi.json');
const typesFile = path.resolve(here, '../src/openapi.generated.ts');

const HEADER = `/**
 * The Atropos API's types, generated from its OpenAPI document (openapi.json) by openapi-typescript.
 * Do not edit: run \`npm run generate -w @atropos/client\` after changing the API
 * (the API must be built first: \`npm run build -w @atropos/api\`).
 */

`;

const printed = execFileSync(process.execPath, [printer], { encoding: 'utf8' });
const document = JSON.parse(printed);
// Request fields with a default (priority, parameters) stay optional, as the document says.
const types = HEADER + astToString(await openapiTS(document, { defaultNonNullable: false }));
const outputs = [
  [documentFile, `${JSON.stringify(document, null, 2)}\n`],
  [typesFile, types],
];

if (process.argv.includes('--check')) {
  const stale = outputs.filter(([file, text]) => {
    try {
      return readFileSync(file, 'utf8') !== text;
    } catch {
      return true; // A missing file is as stale as it gets.
    }
  });
  if (stale.length > 0) {
    console.error(
      `${stale.map(([file]) => path.relative(process.cwd(), file)).join(' and ')} do not match the API's OpenAPI document.\n` +
        'Run `npm run build -w @atropos/api && npm run generate -w @atropos/client` and commit the result.',
    );
    process.exit(1);
  }
  console.log('openapi.json and the generated types match the OpenAPI document.');
} else {
  for (const [file, text] of outputs) {
    writeFileSync(file, text);
    console.log(`Wrote ${path.relative(process.cwd(), file)}`);
  }
}
