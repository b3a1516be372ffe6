import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAvroSchema } from './avro-schema.js';
import { isoOrNull } from './avro-json-form.js';
import { stringifyFlat } from './flat-json.js';
import { HostCodecs } from './host-codecs.js';
import { frameConfluent } from './confluent-wire.js';

/** Every logical type, the host long, bytes, fixed, unions, maps and nested records. */
const SCHEMA = {
  type: 'record', name: 'All', fields: [
    { name: 'oid', type: { type: 'string', logicalType: 'objectid' } },
    { name: 'ms', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'us', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'tms', type: { type: 'int', logicalType: 'time-millis' } },
    { name: 'tus', type: { type: 'long', logicalType: 'time-micros' } },
    { name: 'ref', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'd2', type: { type: 'bytes', logicalType: 'decimal', precision: 30, scale: 2 } },
    { name: 'd0', type: { type: 'bytes', logicalType: 'decimal', precision: 20, scale: 0 } },
    { name: 'd9', type: { type: 'bytes', logicalType: 'decimal', precision: 14, scale: 9 } },
    { name: 'd12', type: { type: 'fixed', name: 'D12', size: 16, logicalType: 'decimal', precision: 38, scale: 12 } },
    { name: 'big', type: 'long' },
    { name: 'raw', type: 'bytes' },
    { name: 'f', type: 'double' },
    { name: 'maybe', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], default: null },
    { name: 'tags', type: { type: 'map', values: { type: 'string', logicalType: 'objectid' } } },
    { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } }, { name: 'n', type: 'int' }] } } },
  ],
};

/** A deterministic generator, so a failure names a reproducible case. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function decimalText(r: () => number, scale: number, maxDigits: number): string {
  const digits = Array.from({ length: 1 + Math.floor(r() * maxDigits) }, () => Math.floor(r() * 10)).join('').replace(/^0+(?=\d)/, '');
  const padded = digits.padStart(scale + 1, '0');
  const text = scale ? `${padded.slice(0, -scale)}.${padded.slice(-scale)}` : padded;
  return r() < 0.3 ? `-${text}` : text;
}

function document(r: () => number, i: number) {
  const hex = Array.from({ length: 24 }, () => '0123456789abcdefABCDEF'[Math.floor(r() * 22)]).join('');
  // Millisecond timestamps across and beyond four-digit years, up to Date's limit (8.64e15) and past it.
  const ms = [0, -1, 951_782_400_000, -62_167_219_200_001, 253_402_300_800_000, 8.64e15, 8.64e15 + 1, -8.64e15 - 1][i % 8] + (i % 3 === 0 ? Math.floor((r() - 0.5) * 2e14) : 0);
  return {
    oid: hex,
    ms,
    us: Math.floor((r() - 0.5) * 2 ** 52),
    day: Math.floor((r() - 0.5) * 2e6),
    tms: Math.floor(r() * 86_400_000),
    tus: Math.floor(r() * 86_400_000_000),
    ref: '123e4567-e89b-12d3-a456-426614174000',
    d2: decimalText(r, 2, [1, 3, 8, 14, 28][i % 5]),
    d0: decimalText(r, 0, [1, 5, 12, 19][i % 4]),
    // Up to 6 bytes take the text fast path; tiny values there print in scientific notation.
    d9: decimalText(r, 9, [1, 2, 3, 4, 9, 14][i % 6]),
    d12: decimalText(r, 12, [1, 3, 6, 13, 20, 37][i % 6]),
    big: [0, 7, -(2n ** 63n), 2n ** 63n - 1n, 9007199254740993n, -9007199254740991][i % 6],
    raw: Buffer.from([i & 255, 1, 2]),
    f: [0.1, -0, Number.NaN, Infinity, 1e21, r()][i % 6],
    maybe: i % 2 ? null : Math.floor(r() * 1e12),
    tags: i % 2 ? {} : { a: hex, b: hex.toLowerCase() },
    lines: Array.from({ length: i % 3 }, (_, k) => ({ at: k * 1e11, n: k })),
  };
}

describe('Avro JSON-form reader', () => {
  const typed = parseAvroSchema(SCHEMA);
  const json = parseAvroSchema(SCHEMA, 'json');

  it('gives byte for byte the JSON the typed reader + flat JSON gives, on 3,000 generated documents', () => {
    const r = random(42);
    for (let i = 0; i < 3000; i++) {
      const bytes = typed.toBuffer(document(r, i));
      assert.equal(JSON.stringify(json.fromBuffer(bytes)), stringifyFlat(typed.fromBuffer(bytes)), `document ${i}`);
    }
  });

  it('writes what the typed type writes', () => {
    const r = random(7);
    for (let i = 0; i < 200; i++) {
      const doc = document(r, i);
      assert.deepEqual(json.toBuffer(doc), typed.toBuffer(doc), `document ${i}`);
    }
  });

  it('formats timestamps as toISOString does, null where Date cannot hold them', () => {
    const r = random(3);
    const cases = [0, -1, 1, 951_782_400_000, 951_868_800_000, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15, 8.64e15 + 1, 1e12 + 0.5];
    for (let i = 0; i < 20_000; i++) cases.push(Math.floor((r() - 0.5) * (i % 2 ? 1.8e16 : 2e12)));
    for (const ms of cases) {
      const date = new Date(ms);
      assert.equal(isoOrNull(ms), Number.isNaN(date.getTime()) ? null : date.toISOString(), `${ms}`);
    }
  });
});

describe('HostCodecs.decodeAvroAsJson', () => {
  const codecs = new HostCodecs();
  const definition = { type: 'record', name: 'R', fields: [{ name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } }] };
  const avro = parseAvroSchema(definition);

  it('decodes to the JSON form, and needs the JSON-form reader to do so', () => {
    const bytes = avro.toBuffer({ at: 0 });
    const schema = { id: 's', encoding: 'avro' as const, avro, avroJson: parseAvroSchema(definition, 'json') };
    assert.deepEqual({ ...(codecs.decodeAvroAsJson(bytes, schema) as object) }, { at: '1970-01-01T00:00:00.000Z' });
    assert.equal(codecs.decodeAvroAsJson(bytes, { id: 's', encoding: 'avro', avro }), undefined);
  });

  it('leaves payloads written with another registry schema to the typed reader and its resolver', () => {
    const schema = {
      id: 's', encoding: 'avro' as const, avro, avroJson: parseAvroSchema(definition, 'json'),
      wire: { format: 'confluent' as const, registryId: 1, writers: new Map([[2, avro]]) },
    };
    assert.deepEqual({ ...(codecs.decodeAvroAsJson(frameConfluent(1, avro.toBuffer({ at: 0 })), schema) as object) }, { at: '1970-01-01T00:00:00.000Z' });
    assert.equal(codecs.decodeAvroAsJson(frameConfluent(2, avro.toBuffer({ at: 0 })), schema), undefined);
  });
});
