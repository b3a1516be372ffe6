// @requires-services mongo
// POST /jobs/dry-run on a MongoDB source: a snapshot job samples the collection's documents; a
// change-stream job without a checkpoint reads the changes made while the dry run waits. The
// sink gets nothing either way.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import mongodbPlugin from '../../plugins/mongodb/src/index.js';
import { startTestHost, type TestHost } from '../../host/test/test-host.js';
import { MONGO_URI, openDb, recorded, recorderPlugin, sleep, uniqueName } from './helpers.js';

const dbName = uniqueName('mstream_dry');
let db: Db;
let drop: () => Promise<void>;
let h: TestHost;

const job = (collection: string, options: Record<string, unknown> = {}) => ({
  name: `dry-${collection}`,
  source: { service_name: 'mongo', resource: collection, output_encoding: 'bson', options },
  sinks: [{ service_name: 'rec', resource: collection, output_encoding: 'bson' }],
});

before(async () => {
  ({ db, drop } = await openDb(dbName));
  h = await startTestHost({
    plugins: [mongodbPlugin, recorderPlugin],
    config: {
      services: [
        { provider: 'mongodb', name: 'mongo', connection_string: MONGO_URI, db_name: dbName },
        { provider: 'recorder', name: 'rec' },
      ],
      connectors: [],
    },
  });
});
after(async () => {
  await h?.close();
  await drop();
});

describe('dry run of a MongoDB source', () => {
  it('samples the snapshot of a snapshot job', { timeout: 30_000 }, async () => {
    const coll = uniqueName('snap');
    await db.collection<{ _id: number; n: number }>(coll).insertMany(Array.from({ length: 10 }, (_, n) => ({ _id: n, n })));
    const res = await h.request('POST', '/jobs/dry-run', { job: job(coll, { snapshot: true }), events: 3, timeout_ms: 10_000 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.read, 3);
    assert.equal(res.body.timed_out, false);
    assert.deepEqual(res.body.events.map((e: any) => e.source.payload.n), [0, 1, 2]);
    assert.deepEqual(res.body.events.map((e: any) => e.sinks[0].payload.n), [0, 1, 2]);
    assert.equal(res.body.events[0].source.operation, 'snapshot');
    assert.equal(recorded.get(coll), undefined, 'the sink got nothing');
  });

  it('reads the change stream from now when the job has no checkpoint', { timeout: 30_000 }, async () => {
    const coll = uniqueName('cs');
    const c = db.collection<{ _id: number; n: number }>(coll);
    await c.insertOne({ _id: -1, n: -1 }); // before the dry run: not read
    const pending = h.request('POST', '/jobs/dry-run', { job: job(coll), events: 2, timeout_ms: 10_000 });
    await sleep(1500);
    await c.insertOne({ _id: 1, n: 1 });
    await c.insertOne({ _id: 2, n: 2 });
    const res = await pending;
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.read, 2);
    assert.deepEqual(res.body.events.map((e: any) => e.source.payload.n), [1, 2]);
    assert.equal(res.body.events[0].source.operation, 'insert');
    assert.equal(recorded.get(coll), undefined, 'the sink got nothing');
  });

  it('answers what came when fewer events arrive within timeout_ms', { timeout: 30_000 }, async () => {
    const coll = uniqueName('quiet');
    await db.createCollection(coll);
    const started = Date.now();
    const res = await h.request('POST', '/jobs/dry-run', { job: job(coll), events: 2, timeout_ms: 1500 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { events: [], read: 0, timed_out: true });
    assert.ok(Date.now() - started < 10_000, 'the timeout bounds the wait');
  });
});
