import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal128, ObjectId } from 'bson';
import { createEvent, utf8 } from '@mstream/sdk';
import { HostCodecs } from '../codecs/host-codecs.js';
import { parseAvroSchema } from '../codecs/avro-schema.js';
import type { ResolvedSchema } from '../codecs/schema-types.js';
import { createDataAjv } from './resolve-schemas.js';
import { EventConverter } from './event-converter.js';

describe('EventConverter JSON pass-through', () => {
  const converter = new EventConverter(new HostCodecs(), new Map());
  const event = (payload: string, operation: 'message' | 'delete' = 'message') => createEvent({ position: utf8('0'), payload: utf8(payload), encoding: 'json', operation });

  it('returns the same event, bytes untouched, when the JSON is valid', () => {
    const valid = event('{"a": 1}');
    assert.equal(converter.convert(valid, 'json', undefined, true), valid);
  });

  it('throws a DataError for invalid JSON only when asked to check', () => {
    assert.throws(() => converter.convert(event('{"a":'), 'json', undefined, true), { code: 'MS_ERR_DATA', message: /at byte 5/ });
    const unchecked = event('{"a":');
    assert.equal(converter.convert(unchecked, 'json'), unchecked);
  });

  it('lets an empty delete (a Kafka tombstone) through', () => {
    const tombstone = event('', 'delete');
    assert.equal(converter.convert(tombstone, 'json', undefined, true), tombstone);
    assert.throws(() => converter.convert(event(''), 'json', undefined, true), { code: 'MS_ERR_DATA' });
  });
});

describe('EventConverter avro → json', () => {
  const definition = {
    type: 'record', name: 'U', fields: [
      { name: '_id', type: { type: 'string', logicalType: 'objectid' } },
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 8, scale: 2 } },
    ],
  };
  const codecs = new HostCodecs();
  const user: ResolvedSchema = { id: 'user', encoding: 'avro', avro: parseAvroSchema(definition), avroJson: parseAvroSchema(definition, 'json') };
  const check: ResolvedSchema = { id: 'check', encoding: 'json', validate: createDataAjv().compile({ type: 'object', properties: { price: { type: 'string', pattern: '^1\\.' } } }) };
  const schemas = new Map([['user', user], ['check', check]]);
  const doc = { _id: '0FB86738B42C835484F3E322', at: '2021-12-20T22:49:02Z', price: '1.50' };
  const avroEvent = () => createEvent({ position: utf8('0'), payload: user.avro!.toBuffer(doc), encoding: 'avro', schemaId: 'user' });

  it('writes the JSON the typed decode + flat JSON writes', () => {
    const converter = new EventConverter(codecs, schemas);
    const json = converter.convert(avroEvent(), 'json');
    assert.equal(json.encoding, 'json');
    assert.equal(json.schemaId, undefined);
    assert.equal(new TextDecoder().decode(json.payload), new TextDecoder().decode(codecs.encode(codecs.decode(avroEvent().payload, 'avro', user), 'json')));
    assert.equal(new TextDecoder().decode(json.payload), '{"_id":"0fb86738b42c835484f3e322","at":"2021-12-20T22:49:02.000Z","price":"1.50"}');
  });

  it('gives later stages the typed value, as when it decoded the avro bytes itself', () => {
    const converter = new EventConverter(codecs, schemas);
    const json = converter.convert(avroEvent(), 'json');
    const value = converter.decode(json) as { _id: unknown; at: unknown; price: unknown };
    assert.ok(value._id instanceof ObjectId);
    assert.ok(value.at instanceof Date);
    assert.ok(value.price instanceof Decimal128);
    // Another job's converter knows nothing of these bytes: it reads the JSON.
    assert.deepEqual(new EventConverter(codecs, new Map()).decode(json), { _id: '0fb86738b42c835484f3e322', at: '2021-12-20T22:49:02.000Z', price: '1.50' });
  });

  it('keeps what it knows off the bytes as far as equality and enumeration go', () => {
    const converter = new EventConverter(codecs, schemas);
    const json = converter.convert(avroEvent(), 'json');
    assert.deepStrictEqual(json.payload, Buffer.from(new TextDecoder().decode(json.payload)));
    assert.deepEqual(Object.getOwnPropertySymbols(json.payload), []);
  });

  it('validates the JSON form against a JSON Schema on the way', () => {
    const converter = new EventConverter(codecs, schemas);
    assert.equal(converter.convert(avroEvent(), 'json', 'check').schemaId, 'check');
    const expensive = createEvent({ position: utf8('0'), payload: user.avro!.toBuffer({ ...doc, price: '2.50' }), encoding: 'avro', schemaId: 'user' });
    assert.throws(() => converter.convert(expensive, 'json', 'check'), { code: 'MS_ERR_DATA', message: /JSON Schema "check": \/price must match pattern/ });
  });

  it('validates JSON events without changing their bytes, stamping the schema id', () => {
    const converter = new EventConverter(codecs, schemas);
    const event = createEvent({ position: utf8('0'), payload: utf8('{"price":"1.00"}'), encoding: 'json' });
    const out = converter.convert(event, 'json', 'check');
    assert.equal(out.payload, event.payload);
    assert.equal(out.schemaId, 'check');
    assert.deepEqual({ ...out, schemaId: undefined }, { ...event, schemaId: undefined });
    assert.throws(() => converter.convert(createEvent({ position: utf8('0'), payload: utf8('{"price":"3.00"}'), encoding: 'json' }), 'json', 'check'), { code: 'MS_ERR_DATA' });
  });
});
