import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMstreamError } from '@mstream/sdk';
import { createTestContext } from '@mstream/sdk/testing';
import { fileResources, READ_CAP_BYTES } from './file-resources.js';

const folder = mkdtempSync(join(tmpdir(), 'mstream-file-res-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const lister = fileResources.create({ folder }, createTestContext());
const signal = new AbortController().signal;

describe('file resources', () => {
  it('lists the files of the folder with their size, ignoring sub-folders', async () => {
    writeFileSync(join(folder, 'b.jsonl'), '{"x":1}\n');
    writeFileSync(join(folder, 'a.jsonl'), '');
    mkdirSync(join(folder, 'sub'));
    assert.deepEqual(await lister.list(signal), [
      { name: 'a.jsonl', resource_type: 'file', details: { bytes: 0 } },
      { name: 'b.jsonl', resource_type: 'file', details: { bytes: 8 } },
    ]);
  });

  it('reads a file, caps a large one at 1 MiB of whole lines, and rejects unknown or escaping names', async () => {
    assert.equal(await lister.read!('b.jsonl', signal), '{"x":1}\n');
    const line = `${'y'.repeat(1023)}\n`;
    writeFileSync(join(folder, 'big.jsonl'), line.repeat(1500));
    const text = await lister.read!('big.jsonl', signal);
    assert.ok(text.length <= READ_CAP_BYTES && text.length > READ_CAP_BYTES - 1024);
    assert.ok(text.endsWith('\n'));
    await assert.rejects(lister.read!('nope.jsonl', signal), (e) => isMstreamError(e) && e.code === 'MS_ERR_NOT_FOUND');
    await assert.rejects(lister.read!('../b.jsonl', signal), (e) => isMstreamError(e) && e.code === 'MS_ERR_CONFIG_INVALID');
  });
});
