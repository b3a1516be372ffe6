// @requires-services mongo
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Decimal128, Double, Int32, Long, ObjectId, type Db } from 'mongodb';
import mongodbPlugin from '../../plugins/mongodb/src/index.js';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import { MONGO_URI, openDb, recorded, recorderPlugin, sleep, uniqueName } from './helpers.js';

const plugins = [mongodbPlugin, recorderPlugin];
const dbName = uniqueName('mstream_cs');
let db: Db;
let drop: () => Promise<void>;

before(async () => ({ db, drop } = await openDb(dbName)));
after(async () => drop());

function config(collection: string, sink: string, options: Record<string, unknown> = {}) {
  return {
    services: [
      { provider: 'mongodb', name: 'mongo', connection_string: MONGO_URI, db_name: dbName },
      { provider: 'recorder', name: 'rec' },
    ],
    connectors: [
      {
        name: `job-${collection}`,
        source: { service_name: 'mongo', resource: collection, output_encoding: 'bson', options },
        sinks: [{ service_name: 'rec', resource: sink, output_encoding: 'bson' }],
        batch: { kind: 'count', size: 20, max_wait_ms: 50 },
        checkpoint: { enabled: true, interval_ms: 0 },
      },
    ],
  };
}

const ids = (sink: string) => (recorded.get(sink) ?? []).map((r) => r.key);

describe('mongodb change stream → sink', () => {
  it('keeps every insert, update, replace and delete, in order, with the documents and attributes', async () => {
    const coll = uniqueName('ops');
    const h = await startTestHost({ plugins, config: config(coll, coll) });
    try {
      await eventually(async () => (await h.request('GET', `/jobs/job-${coll}`)).body.state === 'running');
      await sleep(300);
      const c = db.collection<{ _id: string } & Record<string, unknown>>(coll);
      // One step at a time: updateLookup reads the document when the event is read, so waiting
      // makes each event's full document the state right after its own change.
      const steps: Array<() => Promise<unknown>> = [
        () => c.insertOne({ _id: 'a', v: 1 }),
        () => c.updateOne({ _id: 'a' }, { $set: { v: 2 } }),
        () => c.replaceOne({ _id: 'a' }, { w: 3 }),
        () => c.deleteOne({ _id: 'a' }),
        () => c.insertOne({ _id: 'b', v: 1 }),
      ];
      for (const [i, step] of steps.entries()) {
        await step();
        await eventually(() => (recorded.get(coll)?.length ?? 0) >= i + 1, 8000, `event ${i + 1}`);
      }
      const got = recorded.get(coll)!;
      assert.equal(got.length, 5);
      // mongo-java-server reports a replace as an update; real MongoDB says "replace".
      assert.ok(['replace', 'update'].includes(got[2].operation), `replace reported as ${got[2].operation}`);
      assert.deepEqual(got.map((r) => (r === got[2] ? 'replace' : r.operation)), ['insert', 'update', 'replace', 'delete', 'insert']);
      assert.deepEqual(got.map((r) => r.doc), [{ _id: 'a', v: 1 }, { _id: 'a', v: 2 }, { _id: 'a', w: 3 }, { _id: 'a' }, { _id: 'b', v: 1 }]);
      assert.deepEqual(got.map((r) => r.key), ['a', 'a', 'a', 'a', 'b']);
      for (const r of got) {
        assert.equal(r.attributes.database, dbName);
        assert.equal(r.attributes.collection, coll);
        assert.match(r.attributes['mongodb.cluster_time'], /^\d+\.\d+$/);
      }
      assert.equal(got[3].attributes.operation_type, 'delete');
    } finally {
      await h.close();
    }
  });

  it("delivers each document as the server's exact BSON, with raw_documents on and off, after the user's pipeline", async () => {
    const stored = {
      _id: new ObjectId(),
      int32: new Int32(1),
      int64: Long.fromString('9007199254740993'),
      double: new Double(2),
      decimal: Decimal128.fromString('1.10'),
      when: new Date('2026-01-02T03:04:05Z'),
      nested: { list: [new Int32(1), 'x', { deep: null }], fullDocument: [1, 2] },
      keep: true,
    };
    for (const raw of [true, false]) {
      const coll = uniqueName(raw ? 'raw' : 'decoded');
      const options = { raw_documents: raw, pipeline: [{ $match: { 'fullDocument.keep': true } }] };
      const h = await startTestHost({ plugins, config: config(coll, coll, options) });
      try {
        await eventually(async () => (await h.request('GET', `/jobs/job-${coll}`)).body.state === 'running');
        await sleep(300);
        await db.collection<{ _id: unknown } & Record<string, unknown>>(coll).insertMany([{ _id: 'skipped', keep: false }, stored]);
        await eventually(() => (recorded.get(coll)?.length ?? 0) >= 1, 8000, 'the kept document');
        await sleep(200);
        const [bytes] = await db.collection(coll).find({ _id: stored._id }, { raw: true }).toArray();
        const got = recorded.get(coll)!;
        assert.equal(got.length, 1, `only the document the pipeline keeps (raw_documents = ${raw})`);
        assert.deepEqual(Buffer.from(got[0].payload), Buffer.from(bytes as unknown as Uint8Array), `raw_documents = ${raw}`);
        assert.equal(got[0].key, stored._id.toHexString());
      } finally {
        await h.close();
      }
    }
  });

  it('resumes after a host stop mid-stream from its checkpointed token, losing nothing', async () => {
    const coll = uniqueName('resume');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-mongo-'));
    const c = db.collection<{ _id: number }>(coll);
    const total = 300;
    let writer: Promise<void> | undefined;
    let first: Awaited<ReturnType<typeof startTestHost>> | undefined;
    try {
      const host = (first = await startTestHost({ plugins, config: config(coll, coll), dataDir }));
      await eventually(async () => (await host.request('GET', `/jobs/job-${coll}`)).body.state === 'running');
      await sleep(300);
      // Keep writing while the host stops and while it is down.
      writer = (async () => {
        for (let i = 0; i < total; i++) {
          await c.insertOne({ _id: i });
          if (i % 10 === 0) await sleep(15);
        }
      })();
      await eventually(() => (recorded.get(coll)?.length ?? 0) >= 40, 10_000, 'some events before the stop');
      await host.close();
      first = undefined;
      const beforeRestart = recorded.get(coll)!.length;
      assert.ok(beforeRestart < total, 'the stop happened mid-stream');
      await writer;
      const second = await startTestHost({ plugins, config: config(coll, coll), dataDir });
      try {
        await eventually(() => new Set(ids(coll)).size === total, 20_000, `all ${total} documents after the restart`);
        const keys = ids(coll);
        assert.deepEqual([...new Set(keys)].map(Number).sort((a, b) => a - b), Array.from({ length: total }, (_, i) => i));
        // At-least-once allows repeats of unacknowledged events; with interval_ms 0 there should be none or few.
        assert.ok(keys.length - total <= 20, `${keys.length - total} repeats`);
      } finally {
        await second.close();
      }
    } finally {
      await first?.close();
      await writer?.catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('resumes a job stopped after an idle period, including one that never saw an event', async () => {
    const busy = uniqueName('idle_busy');
    const quiet = uniqueName('idle_quiet');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-mongo-'));
    const both = { ...config(busy, busy), connectors: [...config(busy, busy).connectors, ...config(quiet, quiet).connectors] };
    try {
      const first = await startTestHost({ plugins, config: both, dataDir });
      await eventually(async () => (await first.request('GET', `/jobs/job-${quiet}`)).body.state === 'running');
      await sleep(300);
      await db.collection<{ _id: string }>(busy).insertMany([{ _id: 'b1' }, { _id: 'b2' }]);
      await eventually(() => ids(busy).length === 2);
      // Idle: the quiet job checkpoints its start point (a post-batch token on real MongoDB; on
      // mongo-java-server the cluster time it opened at), the busy one its last token.
      const checkpoint = await eventually(async () => {
        const history = (await first.request('GET', `/jobs/job-${quiet}/checkpoints`)).body;
        return Array.isArray(history) && history.length > 0 ? history[0] : undefined;
      }, 15_000, 'an idle checkpoint of the quiet job');
      assert.ok(checkpoint);
      await sleep(1500);
      await first.close();
      await db.collection<{ _id: string }>(busy).insertMany([{ _id: 'b3' }]);
      await db.collection<{ _id: string }>(quiet).insertMany([{ _id: 'q1' }, { _id: 'q2' }]);
      const second = await startTestHost({ plugins, config: both, dataDir });
      try {
        await eventually(() => ids(busy).length >= 3 && ids(quiet).length >= 2, 10_000, 'events written while stopped');
        await sleep(500);
        assert.deepEqual(ids(busy), ['b1', 'b2', 'b3'], 'busy job: nothing lost, nothing repeated');
        assert.deepEqual(ids(quiet), ['q1', 'q2'], 'quiet job: changes made while it was stopped arrive');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
