// @requires-services mongo
// Workspaces on MongoDB with `[system.workspaces]` (the original's section): the API writes them
// to the named collection, a second host reads them back, and the section is validated.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import mongodbPlugin from '../../plugins/mongodb/src/index.js';
import { startTestHost } from '../../host/test/test-host.js';
import { MONGO_URI, openDb, uniqueName } from './helpers.js';

const dbName = uniqueName('mstream_ws');
let db: Db;
let drop: () => Promise<void>;
before(async () => ({ db, drop } = await openDb(dbName)));
after(async () => drop());

describe('workspaces on MongoDB', () => {
  const config = {
    system: { workspaces: { service_name: 'sysdb', resource: 'studio_workspaces' } },
    services: [{ provider: 'mongodb', name: 'sysdb', connection_string: MONGO_URI, db_name: dbName }],
  };
  const plugins = [mongodbPlugin];

  it('stores workspaces in the section\'s collection and gets them back on another host', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-ws-mongo-'));
    try {
      const first = await startTestHost({ plugins, config, dataDir });
      let item: Record<string, unknown>;
      try {
        const created = await first.request('POST', '/workspaces', { name: 'on mongo', input: '{"a":1}', script: { service_name: 'scripts', resource: 'mask.js' } });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        item = created.body.item;
        const put = await first.request('PUT', `/workspaces/${String(item.id)}`, { name: 'renamed on mongo', input: '{"a":2}' });
        assert.equal(put.status, 200, JSON.stringify(put.body));
        item = put.body.item;
        assert.equal((await first.request('POST', '/workspaces', { id: 'gone', name: 'gone' })).status, 201);
        assert.equal((await first.request('DELETE', '/workspaces/gone')).status, 200);
        assert.equal((await first.request('DELETE', '/workspaces/gone')).status, 404);
      } finally {
        await first.close();
      }
      const docs = await db.collection('studio_workspaces').find().toArray();
      assert.equal(docs.length, 1, JSON.stringify(docs));
      assert.equal(docs[0].name, 'renamed on mongo');
      await assert.rejects(stat(path.join(dataDir, 'workspaces.json')), 'nothing in the embedded store');

      const second = await startTestHost({ plugins, config, dataDir });
      try {
        assert.deepEqual((await second.request('GET', '/workspaces')).body, [{ id: item.id, name: 'renamed on mongo' }]);
        assert.deepEqual((await second.request('GET', `/workspaces/${String(item.id)}`)).body, item);
        assert.equal((await second.request('GET', '/workspaces/gone')).status, 404);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a [system.workspaces] section naming an unknown service', async () => {
    await assert.rejects(
      startTestHost({ plugins, config: { ...config, system: { workspaces: { service_name: 'nowhere' } } } }),
      (error: Error & { issues?: Array<{ path: string }> }) => JSON.stringify(error.issues ?? error.message).includes('system.workspaces.service_name'),
    );
  });
});
