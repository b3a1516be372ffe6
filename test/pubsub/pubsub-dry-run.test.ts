// @requires-services pubsub
// POST /jobs/dry-run on a Pub/Sub subscription (emulator): the messages read are received and
// then nacked, never acked, so the job (here a bare subscriber) still gets every one of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestHost } from '../../host/test/test-host.js';
import pubsubPlugin from '../../plugins/pubsub/src/index.js';
import { barePubSub, publish, PUBSUB_SERVICE, pubsubJob, receive, topicWithSubscription, unique } from './pubsub-helpers.js';

describe('dry run of a Pub/Sub source', () => {
  it('reads N messages and nacks them: all are still there afterwards; a missing subscription is not created', { timeout: 60_000 }, async () => {
    const client = barePubSub();
    const input = await topicWithSubscription(client, unique('dry-in'));
    const output = await topicWithSubscription(client, unique('dry-out'));
    const h = await startTestHost({ discover: false, plugins: [pubsubPlugin], config: { services: [PUBSUB_SERVICE], connectors: [] } });
    try {
      await publish(input.topic, Array.from({ length: 5 }, (_, i) => ({ data: JSON.stringify({ id: i }), attributes: { seq: String(i) } })));
      const sinks = [{ service_name: 'ps', resource: output.topic.name, output_encoding: 'json' }];
      const res = await h.request('POST', '/jobs/dry-run', { job: pubsubJob(unique('dry'), input.subscription.name, sinks), events: 3, timeout_ms: 15_000 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.read, 3);
      for (const event of res.body.events) {
        assert.equal(event.error, null);
        assert.equal(typeof event.source.payload.id, 'number');
        assert.deepEqual(event.sinks[0].payload, event.source.payload);
      }

      const missing = unique('dry-missing');
      const job = pubsubJob(unique('dry'), missing, sinks);
      const refused = await h.request('POST', '/jobs/dry-run', { job: { ...job, source: { ...job.source, options: { create_on_topic: unique('dry-topic') } } }, timeout_ms: 5000 });
      assert.equal(refused.status, 503, JSON.stringify(refused.body));
      assert.match(refused.body.message, /does not exist/);
      const [exists] = await client.subscription(missing).exists();
      assert.equal(exists, false, 'a dry run provisions nothing');
    } finally {
      await h.close();
    }
    const all = await receive(input.subscription, 5, 15_000);
    assert.deepEqual([...new Set(all.map((m) => JSON.parse(m.data).id))].sort(), [0, 1, 2, 3, 4], 'nothing was acked');
    assert.deepEqual(await receive(output.subscription, 1, 1000, 0), [], 'nothing was published to the sink topic');
    await client.close();
  });
});
