import { after, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { utf8 } from '@mstream/sdk';
import { runAcceptance } from '@mstream/sdk/testing';
import file from './index.js';
import type { FileFolder } from './file-service.js';

const root = mkdtempSync(join(tmpdir(), 'mstream-file-acceptance-'));
// A regular file where the broken service expects a folder: the config validates, mkdir fails.
writeFileSync(join(root, 'not-a-folder'), '');
after(() => rmSync(root, { recursive: true, force: true }));

async function readLines(path: string): Promise<Uint8Array[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '').map((line) => utf8(line));
}

runAcceptance(
  {
    plugin: file,
    provider: 'file',
    service: () => ({ path: join(root, 'out') }),
    brokenService: () => ({ path: join(root, 'not-a-folder', 'out') }),
    resource: (testId) => `${testId}.jsonl`,
    badPayload: () => utf8('{"id": 1, "broken'),
    // No file source: read the file's lines back, polling until enough arrived.
    async readFromSink({ handle, resource }, count, timeoutMs) {
      const path = join((handle as FileFolder).folder, resource);
      const end = Date.now() + timeoutMs;
      let lines = await readLines(path);
      while (lines.length < count && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 20));
        lines = await readLines(path);
      }
      return lines;
    },
    packageJsonPath: fileURLToPath(new URL('../package.json', import.meta.url)),
    timeouts: { readMs: 500, caseMs: 10_000 },
  },
  { describe, it, skip: (name) => it.skip(name) },
);
