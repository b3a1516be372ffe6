import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigValidationError } from '@mstream/sdk';
import { FileDeadLetterStore } from './file-dead-letter-store.js';
import type { DeadLetter } from './store-types.js';

const at = new Date(0).toISOString();
const letter = (job_name: string, id = 'd1'): DeadLetter => ({
  id, job_name, stage: 'source', code: 'MS_ERR_DATA', reason: 'bad', payload: '', encoding: 'json', attributes: {}, operation: 'insert', attempts: 0, created_at: at, updated_at: at,
});

const isIdError = (e: unknown) => e instanceof ConfigValidationError && e.issues[0].path === 'job_name';

describe('file dead-letter store', () => {
  let base: string;
  let dir: string;
  let store: FileDeadLetterStore;
  before(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'mstream-dead-letters-'));
    dir = path.join(base, 'dead-letters');
    store = new FileDeadLetterStore(dir);
  });
  after(() => rm(base, { recursive: true, force: true }));

  it('keeps a dead letter added after a crash tore the log\'s last line (it starts on a new line)', async () => {
    const torn = await mkdtemp(path.join(os.tmpdir(), 'mstream-torn-log-'));
    await writeFile(path.join(torn, 'j.jsonl'), JSON.stringify(letter('j', 'kept')) + '\n' + JSON.stringify(letter('j', 'torn')).slice(0, 40));
    await new FileDeadLetterStore(torn).add([letter('j', 'after')]);
    const reopened = await new FileDeadLetterStore(torn).list('j');
    assert.deepEqual(reopened.items.map((d) => d.id), ['kept', 'after']);
    await rm(torn, { recursive: true, force: true });
  });

  it('keeps a job\'s dead letters in <job>.jsonl', async () => {
    await store.add([letter('copy.v2')]);
    assert.deepEqual(await readdir(dir), ['copy.v2.jsonl']);
    assert.deepEqual(await store.jobs(), ['copy.v2']);
  });

  it('refuses a job name that is no valid id before touching any file', async () => {
    for (const name of ['../escape', '..', 'a/b', '.hidden', '']) {
      await assert.rejects(store.add([letter(name)]), isIdError, name);
      await assert.rejects(store.list(name), isIdError, name);
      await assert.rejects(store.deleteAll(name), isIdError, name);
    }
    assert.deepEqual((await readdir(base)).sort(), ['dead-letters']);
    assert.deepEqual(await readdir(dir), ['copy.v2.jsonl']);
  });

  it('lists only files named after valid ids as jobs', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, '%2E%2E%2Fx.jsonl'), '');
    assert.deepEqual(await store.jobs(), ['copy.v2']);
  });
});
