import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { convertSchema } from './convert-schema.js';
import { parseAvroSchema } from '../codecs/avro-schema.js';

const toAvro = (json: unknown, options?: { name?: string; namespace?: string }) =>
  JSON.parse(convertSchema({ source: { schema_encoding: 'json', body: JSON.stringify(json) }, target_encoding: 'avro', options }).schema);
const toJson = (avro: unknown) => JSON.parse(convertSchema({ source: { schema_encoding: 'avro', body: JSON.stringify(avro) }, target_encoding: 'json' }).schema);

const AVRO_SCHEMAS: unknown[] = [
  { type: 'record', name: 'User', fields: [{ name: 'email', type: 'string' }] },
  {
    type: 'record', name: 'Order', fields: [
      { name: '_id', type: { type: 'string', logicalType: 'objectid' } },
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'day', type: ['null', { type: 'int', logicalType: 'date' }], default: null },
      { name: 'time', type: { type: 'int', logicalType: 'time-millis' } },
      { name: 'ref', type: { type: 'string', logicalType: 'uuid' } },
      { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
      { name: 'qty', type: 'int' }, { name: 'big', type: 'long' }, { name: 'ratio', type: 'double' }, { name: 'ok', type: 'boolean' },
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
      { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] } } },
      { name: 'labels', type: { type: 'map', values: 'long' } },
      { name: 'shipping', type: ['null', { type: 'record', name: 'Address', fields: [{ name: 'city', type: ['null', 'string'], default: null }] }], default: null },
      { name: 'note', type: ['null', 'string'], default: null },
      { name: 'blob', type: 'bytes' },
    ],
  },
  { type: 'record', name: 'Deep', fields: [{ name: 'a', type: { type: 'record', name: 'A', fields: [{ name: 'b', type: { type: 'record', name: 'B', fields: [{ name: 'c', type: { type: 'array', items: 'string' } }] } }] } }] },
  { type: 'record', name: 'Mixed', fields: [{ name: 'either', type: ['string', 'long'] }, { name: 'maybe_enum', type: ['null', { type: 'enum', name: 'Color', symbols: ['RED', 'BLUE'] }], default: null }] },
];

describe('POST /schema/convert mapping', () => {
  it('converts the seed README example to a JSON Schema with the field required', () => {
    assert.deepEqual(toJson({ type: 'record', name: 'User', fields: [{ name: 'email', type: 'string' }] }), {
      $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', title: 'User', properties: { email: { type: 'string' } }, required: ['email'],
    });
  });

  it('maps JSON Schema formats, ranges, nullability, enums, arrays, objects and maps to Avro', () => {
    const avro = toAvro({
      type: 'object', required: ['at', 'small', 'big', 'tags'],
      properties: {
        at: { type: 'string', format: 'date-time' }, day: { type: 'string', format: 'date' }, t: { type: 'string', format: 'time' },
        id: { type: 'string', format: 'uuid' }, small: { type: 'integer', minimum: 0, maximum: 120 }, big: { type: 'integer' },
        n: { type: 'number' }, kind: { enum: ['a', 'b'] }, free: { enum: ['with space'] }, tags: { type: 'array', items: { type: 'string' } },
        'home-address': { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        counts: { type: 'object', additionalProperties: { type: 'integer' } }, maybe: { type: ['string', 'null'] },
      },
    }, { name: 'my-event', namespace: 'com.acme-corp' });
    assert.equal(avro.name, 'My_event');
    assert.equal(avro.namespace, 'com.acme_corp');
    const field = (name: string) => avro.fields.find((f: { name: string }) => f.name === name);
    assert.deepEqual(field('at').type, { type: 'long', logicalType: 'timestamp-millis' });
    assert.deepEqual(field('day').type, ['null', { type: 'int', logicalType: 'date' }]);
    assert.equal(field('day').default, null);
    assert.deepEqual(field('t').type[1], { type: 'int', logicalType: 'time-millis' });
    assert.deepEqual(field('id').type[1], { type: 'string', logicalType: 'uuid' });
    assert.equal(field('small').type, 'int');
    assert.equal(field('big').type, 'long');
    assert.deepEqual(field('n').type, ['null', 'double']);
    assert.deepEqual(field('kind').type[1], { type: 'enum', name: 'Kind', symbols: ['a', 'b'] });
    assert.deepEqual(field('free').type, ['null', 'string'], 'symbols that are not Avro names stay strings');
    assert.deepEqual(field('tags').type, { type: 'array', items: 'string' });
    assert.deepEqual(field('home_address').type[1], { type: 'record', name: 'Home_address', fields: [{ name: 'city', type: 'string' }] });
    assert.deepEqual(field('counts').type[1], { type: 'map', values: 'long' });
    assert.deepEqual(field('maybe').type, ['null', 'string']);
    parseAvroSchema(avro);
  });

  it('gives back an equivalent schema after converting there and back, for every supported type', () => {
    for (const avro of AVRO_SCHEMAS) {
      const json = toJson(avro);
      const again = toAvro(json);
      assert.deepEqual(parseAvroSchema(again).schema(), parseAvroSchema(avro).schema(), JSON.stringify(avro));
      assert.deepEqual(toJson(again), json, 'JSON Schema → Avro → JSON Schema is stable');
    }
  });

  it('refuses same-encoding, bson and invalid sources with 400', () => {
    const bad = (request: Parameters<typeof convertSchema>[0], pattern: RegExp) =>
      assert.throws(() => convertSchema(request), (e: { code: string; status: number; message: string }) => e.code === 'MS_ERR_BAD_REQUEST' && e.status === 400 && pattern.test(e.message));
    bad({ source: { schema_encoding: 'json', body: '{}' }, target_encoding: 'json' }, /both "json"/);
    bad({ source: { schema_encoding: 'bson', body: '{}' }, target_encoding: 'avro' }, /BSON/);
    bad({ source: { schema_encoding: 'avro', body: '{"type":"record"}' }, target_encoding: 'json' }, /not a valid Avro schema/);
    bad({ source: { schema_encoding: 'json', body: 'nope' }, target_encoding: 'avro' }, /not valid JSON/);
    bad({ source: { schema_encoding: 'json', body: '{"type":"string"}' }, target_encoding: 'avro' }, /must describe an object/);
  });
});
