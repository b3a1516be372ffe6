import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryPlugin } from '@mstream/sdk/testing';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import datagenPlugin from '../../plugins/datagen/src/index.js';
import { generateDocument } from '../../plugins/datagen/src/document-factory.js';

const COUNT = 40;
const SEED = 11;

// What datagen produces: every Avro logical type's JSON form, plus nesting, arrays and nullables.
const ORDER_JSON_SCHEMA = {
  type: 'object',
  required: ['_id', 'at', 'day', 'price', 'qty', 'status', 'lines', 'address', 'ref'],
  properties: {
    _id: { type: 'string', pattern: '^[0-9a-f]{24}$' },
    at: { type: 'string', format: 'date-time' },
    day: { type: 'string', format: 'date' },
    price: { type: 'string', pattern: '^[1-9][0-9]{0,3}\\.[0-9]{2}$' },
    qty: { type: 'integer', minimum: 0, maximum: 100 },
    status: { enum: ['NEW', 'PAID'] },
    lines: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'object', required: ['sku'], properties: { sku: { type: 'string', pattern: '^[A-Z]{3}$' } } } },
    address: { type: 'object', required: ['city'], properties: { city: { type: 'string', pattern: '^[a-z]{4,8}$' } } },
    ref: { type: 'string', format: 'uuid' },
  },
};

const ORDER_AVRO = {
  type: 'record', name: 'Order', fields: [
    { name: '_id', type: { type: 'string', logicalType: 'objectid' } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 8, scale: 2 } },
    { name: 'qty', type: 'int' },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
    { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] } } },
    { name: 'address', type: { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] } },
    { name: 'ref', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

const job = (name: string, extra: Record<string, unknown>) => ({
  name,
  batch: { kind: 'count', size: 10, max_wait_ms: 50 },
  checkpoint: { enabled: true, interval_ms: 200 },
  ...extra,
});

async function lines(h: TestHost, resource: string): Promise<string[]> {
  const res = await h.request('GET', `/services/mem/resources/${resource}`);
  return res.status === 200 && typeof res.body === 'object' ? String(res.body.content ?? '').split('\n').filter(Boolean) : [];
}

async function deadLetters(h: TestHost, name: string) {
  const res = await h.request('GET', `/jobs/${name}/dead-letters?limit=1000`);
  return res.body as { total: number; items: Array<{ stage: string; code: string; reason: string }> };
}

async function count(h: TestHost, resource: string): Promise<number> {
  const res = await h.request('GET', '/services/mem/resources');
  const list = (res.body.resources ?? []) as Array<{ name: string; details: { events: number } }>;
  return list.find((r) => r.name === resource)?.details.events ?? 0;
}

describe('schemas in real host jobs', () => {
  let h: TestHost;
  before(async () => {
    h = await startTestHost({
      discover: false,
      plugins: [datagenPlugin, createMemoryPlugin()],
      config: { services: [{ provider: 'datagen', name: 'gen' }, { provider: 'memory', name: 'mem', idle_wait_ms: 20 }], connectors: [] },
    });
  });
  after(async () => h?.close());

  it('keeps values and types through JSON → Avro → BSON → JSON', async () => {
    const create = (body: unknown) => h.request('POST', '/jobs', body);
    assert.equal((await create(job('to-bson', {
      source: { service_name: 'gen', resource: 'orders', output_encoding: 'avro', schema_id: 'order', options: { schema: ORDER_JSON_SCHEMA, count: COUNT, seed: SEED, rate: 0 } },
      sinks: [{ service_name: 'mem', resource: 'orders-bson', output_encoding: 'bson' }],
      schemas: [{ id: 'order', definition: ORDER_AVRO }],
    }))).status, 201);
    assert.equal((await create(job('to-json', {
      source: { service_name: 'mem', resource: 'orders-bson', input_encoding: 'bson', output_encoding: 'bson' },
      sinks: [{ service_name: 'mem', resource: 'orders-json', output_encoding: 'json' }],
    }))).status, 201);
    const out = await eventually(async () => {
      const got = await lines(h, 'orders-json');
      return got.length >= COUNT ? got : undefined;
    }, 20_000, `${COUNT} JSON documents`);
    assert.equal((await deadLetters(h, 'to-bson')).total, 0);
    for (const [i, line] of out.entries()) {
      const expected = generateDocument(ORDER_JSON_SCHEMA as never, SEED, i) as Record<string, unknown>;
      const actual = JSON.parse(line) as Record<string, unknown>;
      // The datagen date-time may lack milliseconds; the decoded Date always writes them.
      assert.deepEqual(actual, { ...expected, at: new Date(String(expected.at)).toISOString(), price: String(expected.price), note: null }, `document ${i}`);
    }
  });

  it('dead-letters documents that break a JSON Schema, with the validation messages, and writes the rest', async () => {
    const name = 'json-schema-check';
    const res = await h.request('POST', '/jobs', job(name, {
      source: { service_name: 'gen', resource: 'people', output_encoding: 'json', options: { schema: { type: 'object', required: ['email', 'age'], properties: { email: { type: 'string', format: 'email' }, age: { type: 'integer', minimum: 0, maximum: 100 } } }, count: COUNT, seed: 3, rate: 0 } },
      sinks: [{ service_name: 'mem', resource: 'adults', output_encoding: 'json', schema_id: 'adult' }],
      schemas: [{ id: 'adult', encoding: 'json', definition: { type: 'object', required: ['age'], properties: { age: { type: 'integer', minimum: 18, maximum: 50 } } } }],
    }));
    assert.equal(res.status, 201);
    const letters = await eventually(async () => {
      const dl = await deadLetters(h, name);
      return dl.total + (await count(h, 'adults')) === COUNT ? dl : undefined;
    }, 20_000, 'every event written or dead-lettered');
    assert.ok(letters.total > 0 && letters.total < COUNT, `some but not all are invalid (${letters.total})`);
    for (const item of letters.items) {
      assert.equal(item.stage, 'sinks[0]');
      assert.equal(item.code, 'MS_ERR_DATA');
      assert.match(item.reason, /does not match JSON Schema "adult": \/age must be (<= 50|>= 18)/);
    }
    for (const line of await lines(h, 'adults')) {
      const age = (JSON.parse(line) as { age: number }).age;
      assert.ok(age >= 18 && age <= 50);
    }
  });

  it('dead-letters documents an Avro schema cannot encode, naming the field', async () => {
    const name = 'avro-schema-check';
    const res = await h.request('POST', '/jobs', job(name, {
      source: { service_name: 'gen', resource: 'codes', output_encoding: 'json', options: { schema: { type: 'object', required: ['email', 'code'], properties: { email: { type: 'string', format: 'email' }, code: { type: ['integer', 'string'], minimum: 0, maximum: 1000 } } }, count: COUNT, seed: 5, rate: 0 } },
      sinks: [{ service_name: 'mem', resource: 'codes-avro', output_encoding: 'avro', schema_id: 'code' }],
      schemas: [{ id: 'code', definition: JSON.stringify({ type: 'record', name: 'Code', fields: [{ name: 'email', type: 'string' }, { name: 'code', type: 'int' }] }) }],
    }));
    assert.equal(res.status, 201);
    const letters = await eventually(async () => {
      const dl = await deadLetters(h, name);
      return dl.total + (await count(h, 'codes-avro')) === COUNT ? dl : undefined;
    }, 20_000, 'every event written or dead-lettered');
    assert.ok(letters.total > 0 && letters.total < COUNT, `some but not all are invalid (${letters.total})`);
    for (const item of letters.items) assert.match(item.reason, /does not match Avro schema "code" at: code \(expected int, got "/);
  });
});
