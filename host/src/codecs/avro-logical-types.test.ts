import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Binary, Decimal128, ObjectId } from 'bson';
import { HostCodecs } from './host-codecs.js';
import { parseAvroSchema } from './avro-schema.js';
import { frameConfluent, unframeConfluent } from './confluent-wire.js';
import type { ResolvedSchema } from './schema-types.js';

const codecs = new HostCodecs();
const schemaOf = (definition: unknown, extra: Partial<ResolvedSchema> = {}): ResolvedSchema => ({ id: 's', encoding: 'avro', avro: parseAvroSchema(definition), ...extra });

const EVERYTHING = {
  type: 'record', name: 'Order', namespace: 'shop',
  fields: [
    { name: '_id', type: { type: 'string', logicalType: 'objectid' } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'at_us', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'time', type: { type: 'int', logicalType: 'time-millis' } },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
    { name: 'total', type: { type: 'fixed', name: 'Money', size: 8, logicalType: 'decimal', precision: 18, scale: 4 } },
    { name: 'ref', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'paid_at', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], default: null },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] }, default: 'NEW' },
    { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }, { name: 'qty', type: 'int' }] } } },
    { name: 'labels', type: { type: 'map', values: 'string' } },
    { name: 'address', type: ['null', { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] }], default: null },
    { name: 'big', type: 'long' },
  ],
};

describe('Avro logical types in the host codecs', () => {
  it('encodes flat JSON values and decodes them to Date, Decimal128, ObjectId and strings', () => {
    const id = new ObjectId();
    const input = {
      _id: id.toHexString(), at: '2025-01-15T10:30:00.123Z', at_us: '2025-01-15T10:30:00.123456Z', day: '2024-02-29', time: '23:59:58.5',
      price: '19.99', total: 12345.6789, ref: '123e4567-e89b-12d3-a456-426614174000', paid_at: null, status: 'PAID',
      lines: [{ sku: 'a', qty: 2 }], labels: { k: 'v' }, address: { city: 'Lisbon' }, big: '9007199254740993',
    };
    const schema = schemaOf(EVERYTHING);
    const decoded = codecs.decode(codecs.encode({ ...input, big: 9007199254740993n }, 'avro', schema), 'avro', schema) as Record<string, unknown>;
    assert.ok(decoded._id instanceof ObjectId && decoded._id.equals(id));
    assert.ok(decoded.at instanceof Date);
    assert.equal((decoded.at as Date).toISOString(), '2025-01-15T10:30:00.123Z');
    assert.equal((decoded.at_us as Date).toISOString(), '2025-01-15T10:30:00.123Z');
    assert.equal(decoded.day, '2024-02-29');
    assert.equal(decoded.time, '23:59:58.500');
    assert.ok(decoded.price instanceof Decimal128);
    assert.equal(String(decoded.price), '19.99');
    assert.equal(String(decoded.total), '12345.6789');
    assert.equal(decoded.ref, input.ref);
    assert.equal(decoded.paid_at, null);
    assert.equal(decoded.status, 'PAID');
    assert.deepEqual(JSON.parse(JSON.stringify(decoded.lines)), [{ sku: 'a', qty: 2 }]);
    assert.deepEqual({ ...(decoded.labels as object) }, { k: 'v' });
    assert.equal((decoded.address as { city: string }).city, 'Lisbon');
    assert.equal(decoded.big, 9007199254740993n, 'an unsafe long stays exact (bigint)');
    // Flat JSON of the decoded form gives back the JSON values.
    const json = JSON.parse(new TextDecoder().decode(codecs.encode(decoded, 'json'))) as Record<string, unknown>;
    assert.equal(json._id, id.toHexString());
    assert.equal(json.at, '2025-01-15T10:30:00.123Z');
    assert.equal(json.price, '19.99');
    assert.equal(json.big, '9007199254740993');
  });

  it('accepts Date, epoch numbers, BSON Decimal128 and UUID binaries on encode', () => {
    const schema = schemaOf(EVERYTHING);
    const value = {
      _id: new ObjectId(), at: new Date(1_700_000_000_000), at_us: 1_700_000_000_000_123, day: new Date('2024-03-01T15:00:00Z'), time: 3_600_000,
      price: Decimal128.fromString('-0.5'), total: '0', ref: new Binary(Buffer.from('123e4567e89b12d3a456426614174000', 'hex'), Binary.SUBTYPE_UUID),
      paid_at: 5, status: 'NEW', lines: [], labels: {}, address: null, big: 1,
    };
    const decoded = codecs.decode(codecs.encode(value, 'avro', schema), 'avro', schema) as Record<string, unknown>;
    assert.equal((decoded.at as Date).getTime(), 1_700_000_000_000);
    assert.equal((decoded.at_us as Date).getTime(), 1_700_000_000_000);
    assert.equal(decoded.day, '2024-03-01');
    assert.equal(decoded.time, '01:00:00.000');
    assert.equal(String(decoded.price), '-0.50');
    assert.equal(decoded.ref, '123e4567-e89b-12d3-a456-426614174000');
    assert.equal((decoded.paid_at as Date).getTime(), 5);
  });

  it('names the field and the expected type when a value cannot be represented', () => {
    const schema = schemaOf(EVERYTHING);
    const base = { _id: new ObjectId(), at: 1, at_us: 1, day: 1, time: 1, price: '1', total: '1', ref: '123e4567-e89b-12d3-a456-426614174000', status: 'NEW', lines: [], labels: {}, big: 1 };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ at: 'not a date' }, /at \(expected timestamp-millis/],
      [{ price: '1.234' }, /price \(expected decimal, got "1.234"\)/],
      [{ price: '123456789.5' }, /price/],
      [{ ref: 'nope' }, /ref \(expected uuid/],
      [{ day: '2024-13-45' }, /day \(expected date/],
      [{ time: '25:00' }, /time \(expected time-millis/],
      [{ lines: [{ sku: 'a', qty: 'x' }] }, /lines\.0\.qty \(expected int/],
      [{ _id: 'short' }, /_id \(expected objectid/],
    ];
    for (const [patch, reason] of cases) {
      assert.throws(() => codecs.encode({ ...base, ...patch }, 'avro', schema), (e: { code: string; message: string }) => e.code === 'MS_ERR_DATA' && reason.test(e.message), JSON.stringify(patch));
    }
  });

  it('frames payloads in the Confluent wire format and reads older writer schemas through the registry id', () => {
    const v1 = parseAvroSchema({ type: 'record', name: 'U', fields: [{ name: 'email', type: 'string' }] });
    const v2 = { type: 'record', name: 'U', fields: [{ name: 'email', type: 'string' }, { name: 'age', type: ['null', 'int'], default: null }] };
    const reader = schemaOf(v2, { wire: { format: 'confluent', registryId: 7, writers: new Map([[3, v1]]) } });
    const framed = codecs.encode({ email: 'a@b.c', age: 3 }, 'avro', reader);
    assert.deepEqual([...framed.subarray(0, 5)], [0, 0, 0, 0, 7]);
    assert.deepEqual({ ...(codecs.decode(framed, 'avro', reader) as object) }, { email: 'a@b.c', age: 3 });
    const old = frameConfluent(3, v1.toBuffer({ email: 'old@b.c' }));
    assert.deepEqual({ ...(codecs.decode(old, 'avro', reader) as object) }, { email: 'old@b.c', age: null }, 'resolved from writer id 3 to the reader');
    let asked: number | undefined;
    const unknown = schemaOf(v2, { wire: { format: 'confluent', registryId: 7, writers: new Map(), fetchWriter: (id) => (asked = id) } });
    assert.throws(() => codecs.decode(frameConfluent(9, Buffer.from([2, 65])), 'avro', unknown), /registry schema id 9/);
    assert.equal(asked, 9, 'an unknown writer id is fetched');
    assert.throws(() => codecs.decode(new Uint8Array([1, 2, 3, 4, 5, 6]), 'avro', reader), /Confluent wire format/);
    assert.equal(unframeConfluent(frameConfluent(258, new Uint8Array([1]))).registryId, 258);
  });

  it('strips a Confluent header from JSON payloads and frames JSON for a registry-backed JSON Schema', () => {
    const text = new TextEncoder().encode('{"a":1}');
    assert.deepEqual(codecs.decode(frameConfluent(4, text), 'json'), { a: 1 });
    const json: ResolvedSchema = { id: 'j', encoding: 'json', wire: { format: 'confluent', registryId: 4, writers: new Map() } };
    assert.deepEqual([...codecs.encode({ a: 1 }, 'json', json).subarray(0, 5)], [0, 0, 0, 0, 4]);
  });
});
