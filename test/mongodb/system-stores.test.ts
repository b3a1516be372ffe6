// @requires-services mongo
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import mongodbPlugin from '../../plugins/mongodb/src/index.js';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import { MONGO_URI, openDb, recorded, recorderPlugin, sleep, uniqueName } from './helpers.js';

const dbName = uniqueName('mstream_sys');
let db: Db;
let drop: () => Promise<void>;
before(async () => ({ db, drop } = await openDb(dbName)));
after(async () => drop());

describe('host system stores on MongoDB', () => {
  it('gets its jobs, services and checkpoints back after a restart; services sealed, system service hidden and undeletable', async () => {
    const secretUri = `${MONGO_URI}&appName=sys-secret-marker`;
    const config = {
      system: {
        job_lifecycle: { service_name: 'sysdb', resource: 'jobs', startup_state: 'keep' },
        service_lifecycle: { service_name: 'sysdb', resource: 'services' },
        checkpoints: { service_name: 'sysdb', resource: 'checkpoints' },
        test_suites: { service_name: 'sysdb', resource: 'suites' },
      },
      services: [
        { provider: 'mongodb', name: 'sysdb', connection_string: secretUri, db_name: dbName },
        { provider: 'recorder', name: 'rec' },
      ],
    };
    const plugins = [mongodbPlugin, recorderPlugin];
    // One data folder for both hosts: it keeps only the encryption key (every store is on MongoDB).
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-sys-'));
    const sink = uniqueName('sys_sink');
    try {
      // The first host creates a service and a job through the API.
      const first = await startTestHost({ plugins, config, dataDir });
      try {
        const created = await first.request('POST', '/services', { provider: 'mongodb', name: 'app', connection_string: `${MONGO_URI}&appName=app-secret-marker`, db_name: dbName });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const job = await first.request('POST', '/jobs', {
          name: 'watch-orders',
          source: { service_name: 'app', resource: 'orders', output_encoding: 'bson' },
          sinks: [{ service_name: 'rec', resource: sink, output_encoding: 'bson' }],
          checkpoint: { interval_ms: 0 },
        });
        assert.equal(job.status, 201, JSON.stringify(job.body));
        await eventually(async () => (await first.request('GET', '/jobs/watch-orders')).body.state === 'running');
        await sleep(300);
        await db.collection<{ _id: number }>('orders').insertOne({ _id: 1 });
        await eventually(() => recorded.get(sink)?.length === 1, 8000, 'first event');
        const services = (await first.request('GET', '/services')).body.map((s: { name: string }) => s.name);
        assert.ok(services.includes('app') && !services.includes('sysdb'), `system service hidden: ${services}`);
        assert.ok([400, 409].includes((await first.request('DELETE', '/services/sysdb')).status), 'system service not deletable');
        assert.equal((await first.request('POST', '/test-suites', { id: 'suite-1', name: 'suite', cases: [] })).status < 300, true);
      } finally {
        await first.close();
      }

      const raw = JSON.stringify(await db.collection('services').find().toArray());
      assert.ok(raw.includes('app'), 'the service record is in the collection');
      assert.ok(!raw.includes('secret-marker') && !raw.includes('127.0.0.1'), 'no connection string in clear in the raw collection');
      assert.equal(await db.collection('jobs').countDocuments({ _id: 'watch-orders' as never }), 1);
      assert.equal(await db.collection('checkpoints').countDocuments(), 1);

      // Written while no host runs: the restarted job must pick it up from its checkpoint.
      await db.collection<{ _id: number }>('orders').insertOne({ _id: 2 });
      // A second host: jobs, services and checkpoints come from MongoDB.
      const second = await startTestHost({ plugins, config, dataDir });
      try {
        await eventually(async () => (await second.request('GET', '/jobs/watch-orders')).body.state === 'running', 8000, 'job back');
        assert.equal((await second.request('GET', '/services/app')).status, 200);
        await eventually(() => recorded.get(sink)?.length === 2, 8000, 'event written while stopped');
        assert.deepEqual(recorded.get(sink)!.map((r) => r.key), ['1', '2']);
        assert.equal((await second.request('GET', '/test-suites/suite-1')).status, 200);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
