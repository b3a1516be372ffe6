import { after, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { utf8 } from '@mstream/sdk';
import { runAcceptance } from '@mstream/sdk/testing';
import plugin from './index.js';

// The contract tests every mstream connector runs (see docs/plugins.md for what each case proves).
const root = mkdtempSync(join(tmpdir(), 'plugin-template-acceptance-'));
writeFileSync(join(root, 'a-file'), ''); // a file where the broken service expects a folder
after(() => rmSync(root, { recursive: true, force: true }));

runAcceptance(
  {
    plugin,
    provider: 'plugin-template',
    service: () => ({ folder: join(root, 'queues') }),
    brokenService: () => ({ folder: join(root, 'a-file', 'queues') }),
    resource: (testId) => `queue-${testId}`,
    sourceOptions: () => ({ poll_ms: 20 }),
    badPayload: () => utf8('{"id": 1, "broken'),
    packageJsonPath: fileURLToPath(new URL('../package.json', import.meta.url)),
    timeouts: { readMs: 3000, caseMs: 10_000 },
  },
  { describe, it, skip: (name) => it.skip(name) },
);
