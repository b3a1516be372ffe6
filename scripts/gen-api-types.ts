// Writes the dashboard's API types from the host's own `/openapi.json` (openapi-typescript), so
// the dashboard never re-types a response by hand. `npm run gen:api-types`; with `--check` it
// writes nothing and fails when the committed file is stale (the test suite runs that).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiOfHost } from './lib/openapi-of-host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GENERATED_TYPES = path.join(root, 'dashboard/src/api/generated/openapi.ts');

const HEADER = `// Generated from GET /openapi.json by \`npm run gen:api-types\`; do not edit by hand.
// The named shapes are \`components['schemas'][Name]\`; dashboard/src/api/types.ts names them.
`;

export async function renderApiTypes(): Promise<string> {
  const document = await openApiOfHost();
  // The version changes with every release and says nothing about the shapes.
  document.info.version = '(any)';
  const ast = await openapiTS(document as never, { alphabetize: true });
  return HEADER + astToString(ast);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const fresh = await renderApiTypes();
  const current = await readFile(GENERATED_TYPES, 'utf8').catch(() => '');
  if (check) {
    if (current !== fresh) {
      console.error(`${path.relative(root, GENERATED_TYPES)} is stale: the API changed. Run \`npm run gen:api-types\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${path.relative(root, GENERATED_TYPES)} is up to date`);
  } else {
    await writeFile(GENERATED_TYPES, fresh);
    console.log(`wrote ${path.relative(root, GENERATED_TYPES)}`);
  }
}
