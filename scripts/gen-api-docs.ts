// Writes docs/api.md from the OpenAPI document of a host started with every workspace plugin,
// so the route list in the docs is exactly what the code serves. `npm run docs:api`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Host } from '../host/src/host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-docs-'));
const host = new Host({ port: 0, logStdout: false, dataDir, config: {} });
const url = await host.start();
const spec = (await (await fetch(`${url}/openapi.json`)).json()) as {
  paths: Record<string, Record<string, { tags: string[]; summary: string; parameters?: Array<{ name: string; in: string; description?: string }>; requestBody?: unknown }>>;
};
await host.stop();
await rm(dataDir, { recursive: true, force: true });

const byTag = new Map<string, string[]>();
for (const [route, methods] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => `\`${p.name}\``).join(', ');
    const line = `| \`${method.toUpperCase()}\` | \`${route}\` | ${op.summary}${query ? ` (query: ${query})` : ''}${op.requestBody ? ' — JSON body' : ''} |`;
    byTag.set(op.tags[0], [...(byTag.get(op.tags[0]) ?? []), line]);
  }
}

const sections = [...byTag.entries()].map(([tag, lines]) => `## ${tag[0].toUpperCase()}${tag.slice(1)}\n\n| Method | Path | What |\n|---|---|---|\n${lines.join('\n')}\n`);
const doc = `# REST API

Generated from \`GET /openapi.json\` by \`npm run docs:api\`; do not edit by hand.

- Base URL: \`http://localhost:8719\` (\`MSTREAM_API_PORT\`). With \`MSTREAM_API_TOKEN\` set, send
  \`Authorization: Bearer <token>\` on every route except \`/health\`.
- Success bodies follow the original mstream (\`{ message, item }\` for mutations, bare objects or
  arrays for reads). Errors are always \`{ "message": "...", "code": "MS_ERR_..." }\`, plus
  \`issues: [{ path, message }]\` for invalid configuration; client mistakes are 4xx (400 invalid,
  401 token, 404 unknown, 409 conflict or in use, 413 body over the limit, 405 wrong method),
  never 500.
- Secrets are masked as \`****\` in every response.

${sections.join('\n')}
## Error codes

| code | status | meaning |
|---|---|---|
${Object.entries((await import('../sdk/src/errors.js')).ERROR_CODES).map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.summary} |`).join('\n')}
`;
await writeFile(path.join(root, 'docs/api.md'), doc);
console.log('wrote docs/api.md');
