// Writes docs/api.md from the OpenAPI document of a host started with every workspace plugin,
// so the route list in the docs is exactly what the code serves. `npm run docs:api`.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiOfHost } from './lib/openapi-of-host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const spec = (await openApiOfHost()) as {
  paths: Record<string, Record<string, { tags: string[]; summary: string; parameters?: Array<{ name: string; in: string; description?: string }>; requestBody?: unknown; responses: Record<string, unknown> }>>;
};

const byTag = new Map<string, string[]>();
for (const [route, methods] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => `\`${p.name}\``).join(', ');
    const statuses = Object.keys(op.responses).join(', ');
    const line = `| \`${method.toUpperCase()}\` | \`${route}\` | ${op.summary}${query ? ` (query: ${query})` : ''}${op.requestBody ? ' — JSON body' : ''} | ${statuses} |`;
    byTag.set(op.tags[0], [...(byTag.get(op.tags[0]) ?? []), line]);
  }
}

const sections = [...byTag.entries()].map(([tag, lines]) => `## ${tag[0].toUpperCase()}${tag.slice(1)}\n\n| Method | Path | What | Statuses |\n|---|---|---|---|\n${lines.join('\n')}\n`);
const doc = `# REST API

Generated from \`GET /openapi.json\` by \`npm run docs:api\`; do not edit by hand.

- Base URL: \`http://localhost:8719\` (\`MSTREAM_API_PORT\`). With \`MSTREAM_API_TOKEN\` set, send
  \`Authorization: Bearer <token>\` on every route except \`/health\` and \`/ready\` (docs/security.md).
- Success bodies follow the original mstream (\`{ message, item }\` for mutations, bare objects or
  arrays for reads). Errors are always \`{ "message": "...", "code": "MS_ERR_..." }\`, plus
  \`issues: [{ path, message }]\` for invalid configuration; client mistakes are 4xx (400 invalid,
  401 token, 404 unknown, 409 conflict or in use, 413 body over the limit, 405 wrong method),
  never 500.
- Secrets are masked as \`****\` in every response.
- \`GET /openapi.json\` is exact: every path, query and body parameter with its pattern, enum and
  bounds, every response body, and every status each route answers (the guards in front of every
  route included: 401, 403, 413, 415, 429, 503). The server checks each request against that same
  document before any handler runs, so a request the document forbids is refused with 400 and
  \`issues\` naming each problem (\`path.name\`, \`query.limit\`, \`body.sinks[0].resource\`). The
  dashboard's types are generated from it (\`npm run gen:api-types\`; a test fails when they are stale).

## Fuzzing

The test suite runs [schemathesis](https://schemathesis.readthedocs.io) against a host with a token
in a bounded mode (fixed seed, 25 examples per operation; about a minute) with the checks
\`not_a_server_error\`, \`status_code_conformance\`, \`content_type_conformance\`,
\`response_schema_conformance\` and \`negative_data_rejection\`, and expects zero failures
(test/api-fuzz). \`.ci/run\` installs schemathesis 4.32.5 into
\`~/.cache/mstream/schemathesis-4.32.5\` (Python 3.12+). The full, unbounded run (500 examples per
operation, any seed):

\`\`\`
python3.12 -m venv ~/.cache/mstream/schemathesis-4.32.5
~/.cache/mstream/schemathesis-4.32.5/bin/pip install schemathesis==4.32.5
FUZZ_SEED=$RANDOM npm run fuzz:api        # or -- --bounded for CI's short run
\`\`\`

It starts its own host (scripts/api-fuzz/fuzz-host.ts: bundled plugins, a temporary files root, the
plugin registry pointed at a closed local port so nothing leaves 127.0.0.1). \`GET /logs/stream\`
(an endless stream) and \`POST /plugins\` (runs npm against a registry; proven by the marketplace
tests against verdaccio) are left out; scripts/api-fuzz/schemathesis.toml says which statuses count
as what and why. \`MSTREAM_SCHEMATHESIS\` names another \`st\` binary.

${sections.join('\n')}
## Error codes

| code | status | meaning |
|---|---|---|
${Object.entries((await import('../sdk/src/errors.js')).ERROR_CODES).map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.summary} |`).join('\n')}
`;
await writeFile(path.join(root, 'docs/api.md'), doc);
console.log('wrote docs/api.md');
