// @requires-services mongo
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import { fromUtf8, type Source, type SourceDefinition, type StreamEvent } from '@mstream/sdk';
import { createTestContext, recordRegistration } from '@mstream/sdk/testing';
// The eager implementation: these tests take its definitions synchronously.
import mongodbPlugin from '../../plugins/mongodb/src/plugin.js';
import type { MongoHandle } from '../../plugins/mongodb/src/mongo-service.js';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import { MONGO_URI, openDb, recorded, recorderPlugin, sleep, uniqueName } from './helpers.js';

const dbName = uniqueName('mstream_snap');
let db: Db;
let drop: () => Promise<void>;
before(async () => ({ db, drop } = await openDb(dbName)));
after(async () => drop());

const plugins = [mongodbPlugin, recorderPlugin];
function config(coll: string) {
  return {
    services: [
      { provider: 'mongodb', name: 'mongo', connection_string: MONGO_URI, db_name: dbName },
      { provider: 'recorder', name: 'rec' },
    ],
    connectors: [
      {
        name: 'snap',
        source: { service_name: 'mongo', resource: coll, output_encoding: 'bson', options: { snapshot: true, snapshot_batch_size: 7 } },
        sinks: [{ service_name: 'rec', resource: coll, output_encoding: 'bson' }],
        batch: { kind: 'count', size: 10, max_wait_ms: 50 },
        checkpoint: { interval_ms: 0 },
      },
    ],
  };
}

async function readN(source: Source, n: number): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  const end = Date.now() + 8000;
  while (out.length < n && Date.now() < end) out.push(...(await source.read(n - out.length, AbortSignal.timeout(1000))));
  return out;
}

describe('mongodb source with an initial snapshot', () => {
  it('copies existing documents once in _id order, then streams new ones; a restart does not copy again', async () => {
    const coll = uniqueName('snap');
    await db.collection<{ _id: number }>(coll).insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: i, v: 'old' })));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-snap-'));
    try {
      const first = await startTestHost({ plugins, config: config(coll), dataDir });
      try {
        await eventually(() => recorded.get(coll)?.length === 30, 10_000, 'the snapshot');
        const snap = recorded.get(coll)!;
        assert.deepEqual(snap.map((r) => r.operation), Array(30).fill('snapshot'));
        assert.deepEqual(snap.map((r) => r.key), Array.from({ length: 30 }, (_, i) => String(i)));
        await db.collection<{ _id: number }>(coll).insertMany([{ _id: 100 }, { _id: 101 }]);
        await eventually(() => recorded.get(coll)?.length === 32, 8000, 'streamed inserts');
        assert.deepEqual(recorded.get(coll)!.slice(30).map((r) => `${r.operation}:${r.key}`), ['insert:100', 'insert:101']);
        await sleep(300);
      } finally {
        await first.close();
      }
      const second = await startTestHost({ plugins, config: config(coll), dataDir });
      try {
        await eventually(async () => (await second.request('GET', '/jobs/snap')).body.state === 'running');
        await db.collection<{ _id: number }>(coll).insertOne({ _id: 102 });
        await eventually(() => recorded.get(coll)?.length === 33, 8000, 'the insert after the restart');
        await sleep(500);
        assert.deepEqual(recorded.get(coll)!.slice(32).map((r) => `${r.operation}:${r.key}`), ['insert:102'], 'no second copy');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('continues an interrupted snapshot after the last acknowledged _id and streams what changed during the copy', async () => {
    const coll = uniqueName('snap_resume');
    await db.collection<{ _id: number }>(coll).insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i })));
    const registration = recordRegistration(mongodbPlugin);
    const service = registration.services.get('mongodb')!;
    const definition = registration.sources.get('mongodb')! as SourceDefinition<unknown, Record<string, unknown>>;
    const context = createTestContext({ pluginId: 'mongodb' });
    const handle = (await service.connect({ connection_string: MONGO_URI, db_name: dbName, write_mode: 'insert', schemas_collection: 'schemas' }, context)) as MongoHandle;
    const options = { pipeline: [], full_document: 'updateLookup', full_document_before_change: 'off', on_unresumable: 'fail', snapshot: true, snapshot_batch_size: 5, max_await_ms: 200, raw_documents: true };
    const make = () => definition.create({ service: handle, resource: coll, options, context, encoding: 'bson' });
    try {
      const first = await make();
      await first.open(undefined, AbortSignal.timeout(5000));
      const copied = await readN(first, 8);
      assert.deepEqual(copied.map((e) => e.key), ['0', '1', '2', '3', '4', '5', '6', '7']);
      const position = copied[7].position;
      assert.match(fromUtf8(position), /"phase":"snapshot"/);
      await first.close();
      // Changed while the job was down, mid-snapshot: copied by the snapshot or streamed after it.
      await db.collection<{ _id: number }>(coll).insertOne({ _id: 50 });
      const second = await make();
      await second.open(position, AbortSignal.timeout(5000));
      const rest = await readN(second, 13);
      assert.deepEqual(rest.map((e) => `${e.operation}:${e.key}`), [...Array.from({ length: 12 }, (_, i) => `snapshot:${i + 8}`), 'snapshot:50']);
      // Streaming starts from before the copy began, so the insert of 50 is delivered again (at least once).
      const streamed = await readN(second, 1);
      assert.deepEqual(streamed.map((e) => `${e.operation}:${e.key}`), ['insert:50']);
      await second.close();
    } finally {
      await service.close!(handle);
      context.dispose();
    }
  });
});
