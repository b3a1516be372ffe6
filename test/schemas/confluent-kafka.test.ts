// @requires-services kafka registry
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import avro from 'avsc';
import type { Kafka } from 'kafkajs';
import { startTestHost, type TestHost } from '../../host/test/test-host.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import registryPlugin from '../../plugins/schema-registry/src/index.js';
import { BROKERS, bareKafka, createTopic, produce, readTopic, unique, sleep } from '../kafka/kafka-helpers.js';

const REGISTRY = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const COUNT = 30;

const USER_V1 = { type: 'record', name: 'User', namespace: 'test', fields: [{ name: 'email', type: 'string' }, { name: 'signed_up', type: { type: 'long', logicalType: 'timestamp-millis' } }] };
const USER_V2 = { ...USER_V1, fields: [...USER_V1.fields, { name: 'plan', type: ['null', 'string'], default: null }] };

/** Reads raw message values (Buffers) from the beginning of a topic. */
async function readRaw(kafka: Kafka, topic: string, count: number): Promise<Buffer[]> {
  const consumer = kafka.consumer({ groupId: unique('raw'), maxWaitTimeInMs: 200 });
  const got: Buffer[] = [];
  await consumer.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        break;
      } catch (error) {
        if (attempt > 40) throw error;
        await sleep(250);
      }
    }
    await consumer.run({ eachMessage: async ({ message }) => void (message.value && got.push(message.value)) });
    const deadline = Date.now() + 30_000;
    while (got.length < count && Date.now() < deadline) await sleep(50);
    return got;
  } finally {
    await consumer.disconnect();
  }
}

describe('Kafka → Kafka in the Confluent wire format with a real registry', () => {
  let kafka: Kafka;
  let h: TestHost;
  const input = unique('cf-in');
  const framed = unique('cf-avro');
  const output = unique('cf-out');
  const subject = `${framed}-value`;

  before(async () => {
    kafka = bareKafka();
    for (const topic of [input, framed, output]) await createTopic(kafka, topic, 1);
    const messages = Array.from({ length: COUNT }, (_, i) => ({ key: `u${i}`, value: JSON.stringify({ email: `u${i}@example.com`, signed_up: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(), extra: 'dropped' }) }));
    await produce(kafka, input, messages);
    h = await startTestHost({
      discover: false,
      plugins: [kafkaPlugin, registryPlugin],
      config: {
        services: [{ provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS }, { provider: 'schema-registry', name: 'registry', url: REGISTRY }],
        connectors: [],
      },
    });
  });

  after(async () => {
    await h?.close();
  });

  it('registers the subject through the host, writes framed Avro a registry-aware consumer decodes, and reads it back', async () => {
    // v1 then v2 (compatible): the job uses the latest id, older producers' ids still resolve.
    for (const schema of [USER_V1, USER_V2]) {
      const saved = await h.request('POST', '/services/registry/schemas', { name: subject, encoding: 'avro', definition: JSON.stringify(schema) });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
    }
    const latest = await h.request('GET', `/services/registry/schemas/${subject}`);
    const registryId = latest.body.registry_id as number;
    assert.equal(typeof registryId, 'number');

    const schemas = [{ id: 'users', service_name: 'registry', resource: subject, wire_format: 'confluent' }];
    const common = { batch: { kind: 'count', size: 10, max_wait_ms: 50 }, checkpoint: { enabled: true, interval_ms: 200 }, schemas };
    const write = await h.request('POST', '/jobs', {
      name: unique('to-avro'), ...common,
      source: { service_name: 'kafka', resource: input, input_encoding: 'json', output_encoding: 'json' },
      sinks: [{ service_name: 'kafka', resource: framed, output_encoding: 'avro', schema_id: 'users' }],
    });
    assert.equal(write.status, 201, JSON.stringify(write.body));

    // Our own registry-aware consumer: magic byte, schema id, writer schema from the REST API, avsc.
    const raw = await readRaw(kafka, framed, COUNT);
    assert.equal(raw.length, COUNT);
    const writers = new Map<number, avro.Type>();
    for (const [i, value] of raw.entries()) {
      assert.equal(value[0], 0, 'magic byte');
      const id = value.readInt32BE(1);
      assert.equal(id, registryId, 'the id of the registered latest version');
      if (!writers.has(id)) {
        const res = await fetch(`${REGISTRY}/schemas/ids/${id}`);
        writers.set(id, avro.Type.forSchema(JSON.parse(((await res.json()) as { schema: string }).schema)));
      }
      const decoded = writers.get(id)!.fromBuffer(value.subarray(5)) as { email: string; signed_up: number; plan: null };
      assert.equal(decoded.email, `u${i}@example.com`);
      assert.equal(decoded.signed_up, Date.UTC(2025, 0, 1) + i * 1000, 'timestamp-millis holds epoch ms');
      assert.equal(decoded.plan, null);
    }

    // An older producer (v1 id) adds one more message; the reading job resolves it to the latest schema.
    const v1 = await h.request('GET', `/services/registry/schemas/${encodeURIComponent(`${subject}/versions/1`)}`);
    const v1Type = avro.Type.forSchema(USER_V1 as avro.Schema, { logicalTypes: {} });
    const header = Buffer.alloc(5);
    header.writeInt32BE(v1.body.registry_id, 1);
    await produce(kafka, framed, [{ key: 'old', value: Buffer.concat([header, v1Type.toBuffer({ email: 'old@example.com', signed_up: 0 })]) as never }]);

    const read = await h.request('POST', '/jobs', {
      name: unique('from-avro'), ...common,
      source: { service_name: 'kafka', resource: framed, input_encoding: 'avro', output_encoding: 'json', schema_id: 'users' },
      sinks: [{ service_name: 'kafka', resource: output, output_encoding: 'json' }],
    });
    assert.equal(read.status, 201, JSON.stringify(read.body));
    const out = await readTopic(kafka, output, COUNT + 1, 30_000);
    const docs = out.map((m) => JSON.parse(m.value!) as { email: string; signed_up: string; plan: null });
    assert.equal(docs.length, COUNT + 1);
    assert.deepEqual(docs[0], { email: 'u0@example.com', signed_up: '2025-01-01T00:00:00.000Z', plan: null });
    assert.deepEqual(docs[COUNT], { email: 'old@example.com', signed_up: '1970-01-01T00:00:00.000Z', plan: null }, 'the v1 payload resolved to v2');
  });
});
