// @requires-services pubsub kafka
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestHost } from '../../host/test/test-host.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import pubsubPlugin from '../../plugins/pubsub/src/index.js';
import { BROKERS, bareKafka, createTopic, readTopic } from '../kafka/kafka-helpers.js';
import { barePubSub, publish, PUBSUB_SERVICE, pubsubJob, topicWithSubscription, unique } from './pubsub-helpers.js';

describe('a Pub/Sub → Kafka job in a real host', () => {
  it('writes every message to the Kafka topic with its attributes as headers and its ordering key as key', async () => {
    const client = barePubSub();
    const id = unique('ps2k');
    const [topic] = await client.createTopic(id);
    await topic.createSubscription(id, { enableMessageOrdering: true });
    const kafka = bareKafka();
    const kafkaTopic = unique('ps2k-out');
    await createTopic(kafka, kafkaTopic, 1);
    const h = await startTestHost({
      discover: false,
      plugins: [pubsubPlugin, kafkaPlugin],
      config: {
        services: [PUBSUB_SERVICE, { provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS }],
        connectors: [pubsubJob(unique('ps2k'), id, [{ service_name: 'kafka', resource: kafkaTopic, output_encoding: 'json' }])],
      },
    });
    try {
      const ordered = client.topic(id, { messageOrdering: true });
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => ordered.publishMessage({ data: Buffer.from(JSON.stringify({ id: i })), attributes: { seq: String(i) }, orderingKey: `k${i % 5}` })),
      );
      const got = await readTopic(kafka, kafkaTopic, 100, 20_000);
      assert.equal(got.length, 100);
      const ids = got.map((m) => JSON.parse(m.value!).id as number).sort((a, b) => a - b);
      assert.deepEqual(ids, Array.from({ length: 100 }, (_, i) => i));
      for (const m of got) {
        const i = JSON.parse(m.value!).id as number;
        assert.equal(m.headers.seq, String(i));
        assert.equal(m.key, `k${i % 5}`);
        assert.ok(m.headers['pubsub.message_id']);
      }
      // Within an ordering key, Kafka holds them in publish order.
      for (let k = 0; k < 5; k++) {
        const order = got.filter((m) => m.key === `k${k}`).map((m) => JSON.parse(m.value!).id as number);
        assert.deepEqual(order, [...order].sort((a, b) => a - b));
      }
    } finally {
      await h.close();
      await client.close();
    }
  });
});
