// @requires-services mongo
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';
import filePlugin from '../../plugins/file/src/index.js';
import mongodbPlugin from '../../plugins/mongodb/src/index.js';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import { openDb, sleep, uniqueName } from './helpers.js';

describe('examples/mongo_to_file.toml', () => {
  it('runs: existing and new documents of the collection end up as JSON lines in the file', async () => {
    const config = parse(await readFile(new URL('../../examples/mongo_to_file.toml', import.meta.url), 'utf8')) as any;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-example-'));
    // Same file, isolated: a database of its own and an output folder in a temp dir.
    const dbName = uniqueName('mstream_example');
    config.services.find((s: any) => s.provider === 'mongodb').db_name = dbName;
    config.services.find((s: any) => s.provider === 'file').path = path.join(dir, 'out');
    const { db, drop } = await openDb(dbName);
    await db.collection('users').insertOne({ _id: 'old' as never, name: 'existing' });
    const h = await startTestHost({ plugins: [mongodbPlugin, filePlugin], config, dataDir: dir });
    try {
      const file = path.join(dir, 'out', 'users-changes.jsonl');
      const lines = async () => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
      await eventually(async () => (await lines()).length === 1, 8000, 'the snapshot line');
      await sleep(300);
      await db.collection('users').insertOne({ _id: 'new' as never, name: 'ann' });
      await eventually(async () => (await lines()).length === 2, 8000, 'the streamed line');
      assert.deepEqual(await lines(), [{ _id: 'old', name: 'existing' }, { _id: 'new', name: 'ann' }]);
    } finally {
      await h.close();
      await drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
