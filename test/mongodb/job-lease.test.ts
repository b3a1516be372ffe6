// @requires-services mongo
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import mongodbPlugin from '../../plugins/mongodb/src/index.js';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import { MONGO_URI, openDb, recorded, recorderPlugin, sleep, uniqueName } from './helpers.js';

const dbName = uniqueName('mstream_lease');
let db: Db;
let drop: () => Promise<void>;
before(async () => ({ db, drop } = await openDb(dbName)));
after(async () => drop());

const JOB = 'watch-orders';
const TTL_MS = 1500;
const plugins = [mongodbPlugin, recorderPlugin];

/** Jobs, services, checkpoints and leases on one MongoDB service, in collections named by `suffix`. */
function sharedStoreConfig(suffix: string, ttlMs: number) {
  return {
    system: {
      job_lifecycle: { service_name: 'sysdb', resource: `jobs${suffix}`, startup_state: 'keep' },
      service_lifecycle: { service_name: 'sysdb', resource: `services${suffix}` },
      checkpoints: { service_name: 'sysdb', resource: `checkpoints${suffix}` },
      leases: { resource: `leases${suffix}`, ttl_ms: ttlMs },
    },
    services: [
      { provider: 'mongodb', name: 'sysdb', connection_string: MONGO_URI, db_name: dbName },
      { provider: 'mongodb', name: 'app', connection_string: MONGO_URI, db_name: dbName },
      { provider: 'recorder', name: 'rec' },
    ],
  };
}

describe('two hosts sharing a MongoDB job store and one change-stream job', () => {
  it('run it on one host at a time; when the owner cannot renew, the other takes over from the checkpoint', async () => {
    const sink = uniqueName('lease_sink');
    const config = sharedStoreConfig('1', TTL_MS);
    // One key file for both hosts: their service records are sealed with it.
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-lease-'));
    const hosts: TestHost[] = [];
    const processed = async (host: TestHost) => (await host.request('GET', `/jobs/${JOB}/metrics`)).body.events_processed as number;
    const owner = async (host: TestHost) => (await host.request('GET', `/jobs/${JOB}`)).body.owner as string | undefined;
    const insert = (from: number, count: number) =>
      db.collection<{ _id: number }>('orders').insertMany(Array.from({ length: count }, (_, i) => ({ _id: from + i })));
    const delivered = () => new Set((recorded.get(sink) ?? []).map((r) => r.doc._id));
    try {
      const a = await startTestHost({ plugins, config, dataDir, hostId: 'host-a' });
      hosts.push(a);
      const created = await a.request('POST', '/jobs', {
        name: JOB,
        source: { service_name: 'app', resource: 'orders', output_encoding: 'bson' },
        sinks: [{ service_name: 'rec', resource: sink, output_encoding: 'bson' }],
        checkpoint: { interval_ms: 0 },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      await eventually(async () => (await owner(a)) === 'host-a', 5000, 'host A holding the lease');
      // Host B starts the stored job (startup_state keep) and stands by.
      const b = await startTestHost({ plugins, config, dataDir, hostId: 'host-b' });
      hosts.push(b);
      assert.equal((await b.request('GET', '/health')).body.host_id, 'host-b');
      await sleep(500);
      await insert(0, 20);
      await eventually(() => delivered().size === 20, 8000, 'the first 20 orders delivered');
      await sleep(TTL_MS); // several renewals, and B polling meanwhile
      assert.equal(await processed(a), 20, 'host A ran the job');
      assert.equal(await processed(b), 0, 'host B only stood by');
      assert.equal((recorded.get(sink) ?? []).length, 20, 'nothing was read twice');
      assert.equal(await owner(b), 'host-a');
      assert.equal((await b.request('GET', `/jobs/${JOB}`)).body.standby, true, 'B says it stands by');
      assert.equal((await a.request('GET', `/jobs/${JOB}`)).body.standby, undefined, 'A runs it');

      // Host A loses its lease store (as if cut off): it must stop itself before the lease
      // expires, and B must then take over and resume after A's last checkpoint.
      const leases = a.host.stores!.leases!;
      leases.tryAcquire = async () => {
        throw new Error('lease store unreachable (test)');
      };
      leases.release = async () => undefined;
      await eventually(async () => (await owner(b)) === 'host-b', TTL_MS * 4, 'host B taking over');
      await insert(20, 20);
      await eventually(() => delivered().size === 40, 10_000, 'all 40 orders delivered');
      assert.ok((await processed(b)) >= 20, `host B delivered the rest (${await processed(b)})`);
      assert.equal(await processed(a), 20, 'host A delivered nothing after losing the lease');
      const job = (await b.request('GET', `/jobs/${JOB}`)).body;
      assert.equal(job.state, 'running');
      assert.equal(job.standby, undefined);
      assert.equal((await a.request('GET', `/jobs/${JOB}`)).body.standby, true, 'A stands by again');
      const stored = await db.collection('jobs1').findOne({ _id: JOB as never });
      assert.equal(stored?.standby, undefined, 'standby is never stored');
    } finally {
      for (const host of hosts.reverse()) await host.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('hand the job over at once when the owner shuts down, and stay stopped when it is stopped', async () => {
    const sink = uniqueName('handover_sink');
    const config = sharedStoreConfig('2', 30_000);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-lease-'));
    const hosts: TestHost[] = [];
    try {
      const a = await startTestHost({ plugins, config, dataDir, hostId: 'host-a' });
      hosts.push(a);
      await a.request('POST', '/jobs', {
        name: JOB,
        source: { service_name: 'app', resource: 'payments', output_encoding: 'bson' },
        sinks: [{ service_name: 'rec', resource: sink, output_encoding: 'bson' }],
        checkpoint: { interval_ms: 0 },
      });
      await eventually(async () => (await a.request('GET', `/jobs/${JOB}`)).body.owner === 'host-a', 5000, 'host A holding the lease');
      const b = await startTestHost({ plugins, config, dataDir, hostId: 'host-b' });
      hosts.push(b);
      // A's idle checkpoint is where B resumes, so an insert B's stream opens too late for is kept.
      await eventually(async () => (await a.request('GET', `/jobs/${JOB}/checkpoints`)).body.length > 0, 8000, "host A's idle checkpoint");
      // A 30 s lease: B can only take over this fast because A released it.
      const closedAt = Date.now();
      await hosts.shift()!.close();
      await eventually(async () => (await b.request('GET', `/jobs/${JOB}`)).body.owner === 'host-b', 15_000, 'host B taking over');
      assert.ok(Date.now() - closedAt < 15_000);
      await db.collection<{ _id: number }>('payments').insertOne({ _id: 1 });
      await eventually(() => recorded.get(sink)?.length === 1, 8000, 'host B delivering');

      // Stopped through B's API: a third host starting now must not run it.
      assert.equal((await b.request('POST', `/jobs/${JOB}/stop`)).status, 200);
      const c = await startTestHost({ plugins, config, dataDir, hostId: 'host-c' });
      hosts.push(c);
      await sleep(500);
      const job = (await c.request('GET', `/jobs/${JOB}`)).body;
      assert.equal(job.desired_state, 'stopped');
      assert.equal((await c.request('GET', `/jobs/${JOB}/metrics`)).body.events_processed, 0);
    } finally {
      for (const host of hosts.reverse()) await host.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
