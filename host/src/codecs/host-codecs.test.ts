import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Binary, Decimal128, ObjectId, Timestamp } from 'bson';
import avro from 'avsc';
import { HostCodecs } from './host-codecs.js';

const codecs = new HostCodecs();

describe('host codecs', () => {
  it('keeps BSON types through a bson → decoded → bson round trip', () => {
    const doc = {
      _id: new ObjectId(),
      at: new Date('2025-01-15T10:30:00.000Z'),
      price: Decimal128.fromString('19.99'),
      blob: new Binary(Buffer.from([1, 2, 3])),
      ts: new Timestamp({ t: 1700000000, i: 1 }),
      big: 2n ** 53n + 1n,
      nested: { list: [1, 'two', { three: 3 }] },
    };
    const decoded = codecs.decode(codecs.encode(doc, 'bson'), 'bson') as typeof doc;
    assert.ok(decoded._id.equals(doc._id));
    assert.equal(decoded.at.toISOString(), doc.at.toISOString());
    assert.equal(decoded.price.toString(), '19.99');
    assert.deepEqual([...decoded.blob.buffer], [1, 2, 3]);
    assert.equal(decoded.ts.toString(), doc.ts.toString());
    assert.equal(decoded.big, doc.big);
    assert.deepEqual(decoded.nested, doc.nested);
  });

  it('writes BSON types as flat JSON', () => {
    const id = new ObjectId('65a5f0c2e4b0a1b2c3d4e5f6');
    const json = new TextDecoder().decode(
      codecs.encode({ _id: id, at: new Date('2025-01-15T10:30:00Z'), price: Decimal128.fromString('1.5'), blob: new Binary(Buffer.from('hi')), n: 5n }, 'json'),
    );
    assert.deepEqual(JSON.parse(json), { _id: '65a5f0c2e4b0a1b2c3d4e5f6', at: '2025-01-15T10:30:00.000Z', price: '1.5', blob: 'aGk=', n: 5 });
  });

  it('reads extended JSON wrappers back into BSON types', () => {
    const decoded = codecs.decode(new TextEncoder().encode('{"_id":{"$oid":"65a5f0c2e4b0a1b2c3d4e5f6"},"at":{"$date":"2025-01-15T10:30:00Z"}}'), 'json') as Record<string, unknown>;
    assert.ok(decoded._id instanceof ObjectId);
    assert.ok(decoded.at instanceof Date);
  });

  it('names the problem when bytes cannot be decoded', () => {
    assert.throws(() => codecs.decode(new TextEncoder().encode('{oops'), 'json'), (e: { code: string; message: string }) => e.code === 'MS_ERR_DATA' && /not valid JSON/.test(e.message));
    assert.throws(() => codecs.decode(new Uint8Array([1, 2, 3]), 'bson'), /not a valid BSON document/);
    assert.throws(() => codecs.decode(new Uint8Array([1]), 'avro'), /needs an Avro schema/);
    assert.throws(() => codecs.encode([1, 2], 'bson'), /only a document/);
  });

  it('encodes and decodes avro with a schema and reports the mismatching field', () => {
    const schema = { id: 'user', encoding: 'avro' as const, avro: avro.Type.forSchema({ type: 'record', name: 'User', fields: [{ name: 'email', type: 'string' }, { name: 'age', type: 'int' }] }) };
    const bytes = codecs.encode({ email: 'a@b.c', age: 30 }, 'avro', schema);
    assert.deepEqual({ ...(codecs.decode(bytes, 'avro', schema) as object) }, { email: 'a@b.c', age: 30 });
    assert.throws(() => codecs.encode({ email: 'a@b.c', age: 'old' }, 'avro', schema), /at: age/);
  });
});
