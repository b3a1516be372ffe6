// @requires-services mongo
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BSON } from 'mongodb';
import type { Db } from 'mongodb';
import { createEvent, utf8, type Sink, type SinkDefinition, type StreamEvent } from '@mstream/sdk';
import { createTestContext, recordRegistration } from '@mstream/sdk/testing';
import { HostCodecs } from '../../host/src/codecs/host-codecs.js';
// The eager implementation: these tests take its definitions synchronously.
import mongodbPlugin from '../../plugins/mongodb/src/plugin.js';
import type { MongoHandle } from '../../plugins/mongodb/src/mongo-service.js';
import { MONGO_URI, openDb, uniqueName } from './helpers.js';

const registration = recordRegistration(mongodbPlugin);
const service = registration.services.get('mongodb')!;
const sinkDef = registration.sinks.get('mongodb')! as SinkDefinition<unknown, Record<string, unknown>>;
const dbName = uniqueName('mstream_sink');
let db: Db;
let drop: () => Promise<void>;
const context = createTestContext({ pluginId: 'mongodb', codecs: new HostCodecs() });
const handles: MongoHandle[] = [];

before(async () => ({ db, drop } = await openDb(dbName)));
after(async () => {
  for (const h of handles) await service.close!(h);
  context.dispose();
  await drop();
});

async function sink(collection: string, writeMode: 'insert' | 'replace', options: Record<string, unknown> = {}): Promise<Sink> {
  const handle = (await service.connect({ connection_string: MONGO_URI, db_name: dbName, write_mode: writeMode, schemas_collection: 'schemas' }, context)) as MongoHandle;
  handles.push(handle);
  return sinkDef.create({ service: handle, resource: collection, options: { apply_deletes: false, shard_key_fields: [], upsert: true, ...options }, context, encoding: 'bson' });
}

const bson = (doc: Record<string, unknown>, operation: StreamEvent['operation'] = 'insert') =>
  createEvent({ position: utf8('p'), payload: BSON.serialize(doc), encoding: 'bson', operation });
const json = (text: string) => createEvent({ position: utf8('p'), payload: utf8(text), encoding: 'json', operation: 'insert' });

describe('mongodb sink', () => {
  it('insert mode: writing the same batch twice (a replay after a crash) stores it once and does not fail', async () => {
    const coll = uniqueName('replay');
    const s = await sink(coll, 'insert');
    const batch = Array.from({ length: 50 }, (_, i) => bson({ _id: `k${i}`, n: i }));
    await s.write(batch, AbortSignal.timeout(10_000));
    await s.write(batch, AbortSignal.timeout(10_000));
    // A partial replay: half old, half new.
    await s.write([...batch.slice(25), bson({ _id: 'k50', n: 50 })], AbortSignal.timeout(10_000));
    await s.close();
    assert.equal(await db.collection(coll).countDocuments(), 51);
  });

  it('documents without _id: the same events written twice (a replay) leave one document each, in both modes', async () => {
    const events = Array.from({ length: 40 }, (_, i) =>
      createEvent({ position: utf8(`{"p":0,"o":"${i}","e":${i % 3}}`), id: `kafka:orders/0/${i}`, payload: utf8(JSON.stringify({ n: i })), encoding: 'json', operation: 'message' }));
    for (const mode of ['insert', 'replace'] as const) {
      const coll = uniqueName(`derived_${mode}`);
      const s = await sink(coll, mode, { id_from_event: true });
      await s.write(events, AbortSignal.timeout(10_000));
      await s.write([...events.slice(20), ...events.slice(0, 5)], AbortSignal.timeout(10_000));
      await s.close();
      assert.equal(await db.collection(coll).countDocuments(), 40, mode);
      assert.equal((await db.collection(coll).distinct('n')).length, 40, mode);
    }
    // Off (or no event id): MongoDB assigns fresh ObjectIds, and the replay duplicates.
    const coll = uniqueName('fresh_ids');
    const s = await sink(coll, 'insert', { id_from_event: false });
    await s.write(events, AbortSignal.timeout(10_000));
    await s.write(events, AbortSignal.timeout(10_000));
    await s.close();
    assert.equal(await db.collection(coll).countDocuments(), 80);
  });

  it('accepts JSON events (extended JSON _id included) as well as BSON', async () => {
    const coll = uniqueName('json');
    const s = await sink(coll, 'insert');
    await s.write([json('{"_id":{"$oid":"65a000000000000000000001"},"name":"ann","at":{"$date":"2026-01-01T00:00:00Z"}}'), json('{"name":"bob"}')], AbortSignal.timeout(10_000));
    await s.close();
    const docs = await db.collection(coll).find({}, { sort: { name: 1 } }).toArray();
    assert.equal(docs.length, 2);
    assert.equal(docs[0]._id.toString(), '65a000000000000000000001');
    assert.ok(docs[0].at instanceof Date, 'an extended-JSON date is stored as a BSON date');
    assert.equal(docs[1].name, 'bob');
  });

  it('rejects a payload that is not a document with a data error before writing anything', async () => {
    const coll = uniqueName('bad');
    const s = await sink(coll, 'insert');
    await assert.rejects(s.write([json('{"_id":1}'), json('[1,2]')], AbortSignal.timeout(10_000)), { code: 'MS_ERR_DATA' });
    await s.close();
    assert.equal(await db.collection(coll).countDocuments(), 0);
  });

  it('replace mode upserts by _id, applies deletes when asked, and refuses a document without _id', async () => {
    const coll = uniqueName('replace');
    const s = await sink(coll, 'replace', { apply_deletes: true });
    await s.write([bson({ _id: 1, v: 'a' }), bson({ _id: 2, v: 'b' }), bson({ _id: 1, v: 'c' }, 'replace'), bson({ _id: 2 }, 'delete')], AbortSignal.timeout(10_000));
    assert.deepEqual(await db.collection(coll).find().toArray(), [{ _id: 1, v: 'c' }]);
    await assert.rejects(s.write([bson({ v: 'no id' })], AbortSignal.timeout(10_000)), { code: 'MS_ERR_DATA' });
    await s.close();
  });

  it('replace mode with a shard key filters by _id and the key, refuses a document without it, and deletes by _id', async () => {
    const coll = uniqueName('sharded');
    const s = await sink(coll, 'replace', { apply_deletes: true, shard_key_fields: ['region.code'] });
    await s.write([bson({ _id: 1, region: { code: 'eu' }, v: 'a' }), bson({ _id: 1, region: { code: 'eu' }, v: 'b' }, 'replace')], AbortSignal.timeout(10_000));
    assert.deepEqual(await db.collection(coll).find().toArray(), [{ _id: 1, region: { code: 'eu' }, v: 'b' }]);
    await assert.rejects(s.write([bson({ _id: 2, v: 'x' })], AbortSignal.timeout(10_000)), { code: 'MS_ERR_DATA', message: /lacks shard key field region\.code/ });
    // The key is in the filter: the same _id under another key value matches nothing, and the
    // upsert collides with the stored _id (on a sharded cluster too: a key change is delete + insert).
    await assert.rejects(s.write([bson({ _id: 1, region: { code: 'us' }, v: 'c' }, 'replace')], AbortSignal.timeout(10_000)), { code: 'MS_ERR_DATA' });
    await s.write([bson({ _id: 1 }, 'delete')], AbortSignal.timeout(10_000));
    assert.equal(await db.collection(coll).countDocuments(), 0, 'a delete carrying only _id still deletes');
  });

  it('replace mode with upsert off replaces existing documents and skips the others', async () => {
    const coll = uniqueName('noupsert');
    await db.collection<{ _id: number; v: string }>(coll).insertOne({ _id: 6, v: 'old' });
    const s = await sink(coll, 'replace', { upsert: false });
    await s.write([bson({ _id: 5, v: 'new' }), bson({ _id: 6, v: 'new' }, 'replace')], AbortSignal.timeout(10_000));
    assert.deepEqual(await db.collection(coll).find().toArray(), [{ _id: 6, v: 'new' }]);
  });

  it('skips delete events unless apply_deletes is on', async () => {
    const coll = uniqueName('nodelete');
    const s = await sink(coll, 'insert');
    await s.write([bson({ _id: 1 }), bson({ _id: 1 }, 'delete')], AbortSignal.timeout(10_000));
    await s.close();
    assert.equal(await db.collection(coll).countDocuments(), 1);
  });

  it('reports an unreachable server as a retriable connection error', async () => {
    const handle = (await service.connect({ connection_string: 'mongodb://127.0.0.1:1/?directConnection=true&serverSelectionTimeoutMS=300', db_name: dbName, write_mode: 'insert', schemas_collection: 'schemas' }, context)) as MongoHandle;
    handles.push(handle);
    const s = await sinkDef.create({ service: handle, resource: 'x', options: { apply_deletes: false }, context, encoding: 'bson' });
    await assert.rejects(s.write([bson({ _id: 1 })], AbortSignal.timeout(10_000)), (error: { code: string; retriable: boolean }) => error.code === 'MS_ERR_CONNECTION' && error.retriable);
  });
});
