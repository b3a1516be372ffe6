// @requires-services mongo
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectId, type Db } from 'mongodb';
import mongodbPlugin from '../../plugins/mongodb/src/index.js';
import { startTestHost, type TestHost } from '../../host/test/test-host.js';
import { MONGO_URI, openDb, uniqueName } from './helpers.js';

const dbName = uniqueName('mstream_res');
let db: Db;
let drop: () => Promise<void>;
let h: TestHost;

before(async () => {
  ({ db, drop } = await openDb(dbName));
  h = await startTestHost({
    plugins: [mongodbPlugin],
    config: { services: [{ provider: 'mongodb', name: 'mongo', connection_string: MONGO_URI, db_name: dbName, schemas_collection: 'my_schemas' }] },
  });
});
after(async () => {
  await h.close();
  await drop();
});

describe('mongodb resources, introspection and schema store through the API', () => {
  it('introspects a mixed collection into variants by share, without any sampled value', async () => {
    const secrets = ['alice@example.com', 'SECRET-CITY', 'zz-private-zz'];
    const docs = [
      ...Array.from({ length: 6 }, (_, i) => ({ _id: new ObjectId(), email: secrets[0], age: 30 + i, address: { city: secrets[1] }, ...(i % 2 ? { tags: ['x'] } : {}) })),
      ...Array.from({ length: 2 }, () => ({ _id: new ObjectId(), email: secrets[2], age: 'unknown' })),
    ];
    await db.collection('people').insertMany(docs);
    const res = await h.request('GET', '/services/mongo/schema/introspect?resource=people&sample_size=100');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const variants = res.body as Array<{ share_percent: number; sample_count: number; schema: { properties: Record<string, any>; required: string[] } }>;
    assert.deepEqual(variants.map((v) => [v.sample_count, v.share_percent]), [[6, 75], [2, 25]]);
    assert.deepEqual(variants[0].schema.properties.age, { type: 'integer' });
    assert.deepEqual(variants[0].schema.properties._id, { type: 'string', format: 'objectid' });
    assert.deepEqual(variants[0].schema.properties.address.properties.city, { type: 'string' });
    assert.deepEqual(variants[0].schema.required, ['_id', 'address', 'age', 'email'], 'tags is in half the documents only');
    assert.ok(variants[0].schema.properties.tags);
    assert.deepEqual(variants[1].schema.properties.age, { type: 'string' });
    const text = JSON.stringify(res.body);
    for (const value of [...secrets, ...docs.map((d) => d._id.toHexString())]) assert.ok(!text.includes(value), `value ${value} leaked`);
  });

  it('lists collections except system ones', async () => {
    await db.collection('orders').insertOne({ a: 1 });
    const res = await h.request('GET', '/services/mongo/resources');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const names = (res.body.resources ?? res.body).map((r: { name: string; resource_type: string }) => `${r.name}:${r.resource_type}`);
    assert.ok(names.includes('orders:collection'), names.join(','));
    assert.ok(!names.some((n: string) => n.startsWith('system.')));
  });

  it('keeps schemas in the configured collection: upsert by id, get by id or name, 404 on a missing delete', async () => {
    const saved = await h.request('POST', '/services/mongo/schemas', { name: 'user', encoding: 'json', definition: '{"type":"object"}' });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    const entry = saved.body.item ?? saved.body;
    assert.match(entry.id, /^[0-9a-f-]{36}$/);
    assert.equal((await h.request('GET', `/services/mongo/schemas/${entry.id}`)).body.name, 'user');
    const byName = await h.request('GET', '/services/mongo/schemas/user');
    assert.equal(byName.body.id, entry.id);
    const updated = await h.request('POST', '/services/mongo/schemas', { id: entry.id, name: 'user', encoding: 'json', definition: '{"type":"object","title":"v2"}' });
    assert.equal(updated.status, 201);
    const stored = await db.collection('my_schemas').find().toArray();
    assert.equal(stored.length, 1);
    assert.equal(stored[0].definition, '{"type":"object","title":"v2"}');
    assert.equal(stored[0].created_at, entry.created_at, 'an update keeps created_at');
    const list = await h.request('GET', '/services/mongo/schemas');
    assert.deepEqual(list.body, [{ id: entry.id, name: 'user', encoding: 'json' }]);
    assert.equal((await h.request('DELETE', `/services/mongo/schemas/${entry.id}`)).status, 200);
    assert.equal((await h.request('DELETE', `/services/mongo/schemas/${entry.id}`)).status, 404);
    assert.equal((await h.request('GET', '/services/mongo/schemas/user')).status, 404);
  });
});
