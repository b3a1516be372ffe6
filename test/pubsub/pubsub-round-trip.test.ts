// @requires-services pubsub
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import pubsubPlugin from '../../plugins/pubsub/src/index.js';
import { barePubSub, publish, PUBSUB_SERVICE, pubsubJob, receive, topicWithSubscription, unique } from './pubsub-helpers.js';

describe('a Pub/Sub → Pub/Sub job in a real host', () => {
  it('keeps every message with its attributes, adds the source message id, and acks them all', async () => {
    const client = barePubSub();
    const input = await topicWithSubscription(client, unique('rt-in'));
    const output = await topicWithSubscription(client, unique('rt-out'));
    const name = unique('rt');
    const h = await startTestHost({
      discover: false,
      plugins: [pubsubPlugin],
      config: {
        services: [PUBSUB_SERVICE],
        connectors: [pubsubJob(name, input.subscription.name, [{ service_name: 'ps', resource: output.topic.name, output_encoding: 'json' }], { batch: { kind: 'count', size: 50, max_wait_ms: 20 } })],
      },
    });
    try {
      const messages = Array.from({ length: 300 }, (_, i) => ({ data: JSON.stringify({ id: i }), attributes: { seq: String(i), tenant: `t${i % 4}` } }));
      const ids = await publish(input.topic, messages);
      const got = await receive(output.subscription, 300, 20_000);
      assert.equal(got.length, 300, 'every message arrives exactly once (no redelivery in a clean run)');
      const byId = new Map(got.map((m) => [JSON.parse(m.data).id as number, m]));
      assert.equal(byId.size, 300);
      for (let i = 0; i < 300; i++) {
        const m = byId.get(i)!;
        assert.equal(m.attributes.seq, String(i));
        assert.equal(m.attributes.tenant, `t${i % 4}`);
        assert.equal(m.attributes['pubsub.message_id'], ids[i], 'the source message id travels as an attribute');
        assert.ok(m.attributes['pubsub.publish_time']);
      }
      await eventually(async () => (await h.request('GET', `/jobs/${name}/metrics`)).body.events_processed === 300, 5000, '300 processed');
      const checkpoints = (await h.request('GET', `/jobs/${name}/checkpoints`)).body;
      assert.ok(Array.isArray(checkpoints) && checkpoints.length > 0, 'the job checkpoints the last acked message id');
    } finally {
      await h.close();
    }
    // Everything was acked: a new subscriber on the input gets nothing back.
    const leftover = await receive(client.subscription(input.subscription.name), 1, 1500, 0);
    assert.deepEqual(leftover, []);
    await client.close();
  });
});
