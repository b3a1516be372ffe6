import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, type TestHost } from '../../host/test/test-host.js';

describe('schema tools over the REST API', () => {
  let h: TestHost;
  before(async () => {
    h = await startTestHost({ discover: false, plugins: [], config: { services: [], connectors: [] } });
  });
  after(async () => h?.close());

  it('converts the seed README example both ways and names the record from the options', async () => {
    const body = '{"type":"record","name":"User","fields":[{"name":"email","type":"string"}]}';
    const toJson = await h.request('POST', '/schema/convert', { source: { schema_encoding: 'avro', body }, target_encoding: 'json' });
    assert.equal(toJson.status, 200);
    assert.equal(toJson.body.encoding, 'json');
    assert.deepEqual(JSON.parse(toJson.body.schema).required, ['email']);
    const back = await h.request('POST', '/schema/convert', { source: { schema_encoding: 'json', body: toJson.body.schema }, target_encoding: 'avro', options: { name: 'Person', namespace: 'com.example' } });
    assert.equal(back.status, 200);
    assert.deepEqual(JSON.parse(back.body.schema), { type: 'record', name: 'Person', namespace: 'com.example', fields: [{ name: 'email', type: 'string' }] });
  });

  it('answers 400 with a code for same-encoding, bson and malformed requests', async () => {
    for (const request of [
      { source: { schema_encoding: 'avro', body: '"string"' }, target_encoding: 'avro' },
      { source: { schema_encoding: 'json', body: '{}' }, target_encoding: 'bson' },
      { source: { schema_encoding: 'json' }, target_encoding: 'avro' },
    ]) {
      const res = await h.request('POST', '/schema/convert', request);
      assert.equal(res.status, 400, JSON.stringify(request));
      assert.ok(res.body.message && res.body.code, 'the error has message and code');
    }
  });

  it('fills a document deterministically with a seed and refuses an invalid schema', async () => {
    const schema = { type: 'object', required: ['_id', 'email', 'created_at'], properties: { _id: { type: 'string' }, email: { type: 'string' }, created_at: { type: 'string' } } };
    const a = await h.request('POST', '/schema/fill', { schema, seed: 9 });
    const b = await h.request('POST', '/schema/fill', { schema, seed: 9 });
    assert.equal(a.status, 200);
    assert.deepEqual(a.body, b.body);
    assert.match(a.body._id, /^[0-9a-f]{24}$/);
    assert.match(a.body.email, /@/);
    assert.ok(!Number.isNaN(Date.parse(a.body.created_at)));
    const bad = await h.request('POST', '/schema/fill', { schema: { type: 'nonsense' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'MS_ERR_BAD_REQUEST');
  });
});
