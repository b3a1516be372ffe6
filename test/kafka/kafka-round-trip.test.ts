// @requires-services kafka
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kafka } from 'kafkajs';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import { BROKERS, clientKey, bareKafka, createTopic, kafkaJob, produce, readTopic, unique } from './kafka-helpers.js';

const KEYS = 12;
const PER_KEY = 50;

describe('Kafka → Kafka through a real host', () => {
  let kafka: Kafka;
  let h: TestHost;
  const from = unique('rt-in');
  const to = unique('rt-out');
  // A unique job name gives a fresh consumer group (mstream-<job>) on every run.
  const job = unique('rt');

  before(async () => {
    kafka = bareKafka();
    await createTopic(kafka, from, 3);
    await createTopic(kafka, to, 3);
    // Interleave keys so every partition holds several keys, each in increasing seq order.
    const messages = [];
    for (let seq = 0; seq < PER_KEY; seq++) {
      for (let k = 0; k < KEYS; k++) {
        messages.push({ key: `key-${k}`, value: JSON.stringify({ id: `${k}-${seq}`, key: `key-${k}`, seq }), headers: { origin: 'test', seq: String(seq) } });
      }
    }
    messages.push({ key: 'gone', value: null });
    await produce(kafka, from, messages);
    h = await startTestHost({
      discover: false,
      plugins: [kafkaPlugin],
      config: { services: [{ provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS, ...clientKey() }], connectors: [kafkaJob(job, from, to)] },
    });
  });

  after(async () => {
    await h?.close();
  });

  it('keeps every message, each key in order, with key and headers, and a tombstone stays a tombstone', async () => {
    const total = KEYS * PER_KEY + 1;
    const got = await readTopic(kafka, to, total, 30_000);
    assert.equal(got.length, total, 'every message once (a clean run has no duplicates)');

    const byKey = new Map<string, number[]>();
    for (const message of got) {
      if (message.key === 'gone') continue;
      const value = JSON.parse(message.value!) as { key: string; seq: number };
      assert.equal(message.key, value.key, 'the message key is carried');
      assert.equal(message.headers.origin, 'test', 'headers are carried');
      assert.equal(message.headers['kafka.offset'], undefined, 'the source position attributes are not copied into headers by default');
      byKey.set(value.key, [...(byKey.get(value.key) ?? []), value.seq]);
    }
    assert.equal(byKey.size, KEYS);
    for (const [key, seqs] of byKey) {
      assert.deepEqual(seqs, Array.from({ length: PER_KEY }, (_, i) => i), `messages of ${key} keep their order`);
    }
    const tombstone = got.find((m) => m.key === 'gone');
    assert.ok(tombstone, 'the tombstone arrives');
    assert.equal(tombstone.value, null, 'a tombstone is produced as a tombstone');
  });

  it('checkpoints every partition\'s next offset as readable JSON and shows the topics with partition counts', async () => {
    const checkpoint = await eventually(async () => {
      const res = await h.request('GET', `/jobs/${job}/checkpoints`);
      const cursor = res.body?.[0]?.cursor;
      const sum = cursor ? Object.values(cursor.partitions as Record<string, string>).reduce((s, o) => s + Number(o), 0) : 0;
      return sum === KEYS * PER_KEY + 1 ? cursor : undefined;
    }, 10_000, 'a checkpoint covering every message');
    assert.equal(checkpoint.topic, from);
    assert.deepEqual(Object.keys(checkpoint.partitions).sort(), ['0', '1', '2']);

    const resources = await h.request('GET', '/services/kafka/resources');
    assert.equal(resources.status, 200);
    const list = (resources.body.resources ?? resources.body) as Array<{ name: string; resource_type: string; details: { partitions: number } }>;
    assert.deepEqual(list.find((r) => r.name === from), { name: from, resource_type: 'topic', details: { partitions: 3 } });
    assert.equal(list.some((r) => r.name.startsWith('__')), false, 'internal topics are hidden');

    const record = (await h.request('GET', `/jobs/${job}`)).body;
    assert.equal(record.state, 'running');
    const metrics = (await h.request('GET', `/jobs/${job}/metrics`)).body;
    assert.equal(metrics.events_processed, KEYS * PER_KEY + 1);
  });
});
