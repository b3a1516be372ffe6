// @requires-services pubsub
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import pubsubPlugin from '../../plugins/pubsub/src/index.js';
import { barePubSub, probePlugin, probeWorld, publish, PUBSUB_SERVICE, pubsubJob, receive, topicWithSubscription, unique, type ProbeWorld } from './pubsub-helpers.js';

const PROBE_SERVICE = { provider: 'probe', name: 'probe' };
const toProbe = [{ service_name: 'probe', resource: 'out', output_encoding: 'json' }];
const payloads = (n: number) => Array.from({ length: n }, (_, i) => ({ data: JSON.stringify({ id: i }) }));

async function runJob(
  world: ProbeWorld,
  name: string,
  subscription: string,
  work: (h: Awaited<ReturnType<typeof startTestHost>>) => Promise<void>,
  overrides: Record<string, unknown> = {},
) {
  const h = await startTestHost({
    discover: false,
    plugins: [pubsubPlugin, probePlugin(world)],
    config: { services: [PUBSUB_SERVICE, PROBE_SERVICE], connectors: [pubsubJob(name, subscription, toProbe, overrides)] },
  });
  try {
    await work(h);
  } finally {
    await h.close();
  }
}

describe('Pub/Sub delivery through a real host', () => {
  it('redelivers, and loses none of, the messages of a job stopped before its sink confirmed them', async () => {
    const client = barePubSub();
    const { topic, subscription } = await topicWithSubscription(client, unique('slow'), 60);
    const name = unique('slow');
    await publish(topic, payloads(30));

    const slow = probeWorld('hang');
    await runJob(slow, name, subscription.name, async () => {
      await eventually(() => slow.seen.length > 0, 10_000, 'the slow sink got a batch');
    });
    assert.equal(slow.confirmed.length, 0, 'nothing was confirmed by the hanging sink');

    // Same subscription, healthy sink. With a 60 s ack deadline, only the nack on stop brings them back this fast.
    const healthy = probeWorld('ok');
    await runJob(healthy, name, subscription.name, async () => {
      await eventually(() => new Set(healthy.confirmed).size === 30, 15_000, 'all 30 redelivered');
    });
    assert.deepEqual([...new Set(healthy.confirmed)].map((p) => JSON.parse(p).id).sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i));
    await client.close();
  });

  it('keeps the messages of a sink that fails retriably: the job retries, and after a restart they arrive', async () => {
    const client = barePubSub();
    const { topic, subscription } = await topicWithSubscription(client, unique('fail'), 60);
    const name = unique('fail');
    await publish(topic, payloads(20));

    const failing = probeWorld('fail');
    await runJob(failing, name, subscription.name, async (h) => {
      const job = await eventually(async () => {
        const body = (await h.request('GET', `/jobs/${name}`)).body;
        return body.error?.retrying ? body : undefined;
      }, 10_000, 'the job shows it is retrying');
      assert.equal(job.state, 'running');
      assert.match(job.error.message, /target unavailable/);
    });
    assert.equal(failing.confirmed.length, 0);

    const healthy = probeWorld('ok');
    await runJob(healthy, name, subscription.name, async () => {
      await eventually(() => new Set(healthy.confirmed).size === 20, 15_000, 'all 20 delivered after the restart');
    });
    await client.close();
  });

  it('sends undecodable messages to the dead-letter store and acks them, while the good ones go through', async () => {
    const client = barePubSub();
    const { topic, subscription } = await topicWithSubscription(client, unique('dl'), 60);
    const name = unique('dl');
    const world = probeWorld('ok');
    await runJob(world, name, subscription.name, async (h) => {
      await publish(topic, [{ data: '{"id":0}' }, { data: 'not json', attributes: { why: 'bad' } }, { data: '{"id":2}' }, { data: '{"id":' }]);
      await eventually(() => world.confirmed.length === 2, 10_000, 'the good messages written');
      const dl = await eventually(async () => {
        const body = (await h.request('GET', `/jobs/${name}/dead-letters`)).body;
        return body.total === 2 ? body : undefined;
      }, 5000, 'two dead letters');
      const bad = dl.items.map((d: { payload: string }) => Buffer.from(d.payload, 'base64').toString()).sort();
      assert.deepEqual(bad, ['not json', '{"id":'].sort());
      assert.ok(dl.items.every((d: { stage: string; code: string }) => d.stage === 'source' && d.code === 'MS_ERR_DATA'));
      const withAttr = dl.items.find((d: { payload: string }) => Buffer.from(d.payload, 'base64').toString() === 'not json');
      assert.equal(withAttr.attributes.why, 'bad');
      assert.ok(withAttr.attributes['pubsub.message_id']);
    }, {
      // Decoding into bson finds the bad payloads (a json → json job finds them with its validity scan).
      source: { service_name: 'ps', resource: subscription.name, input_encoding: 'json', output_encoding: 'bson' },
    });
    // Dead-lettered means handled: nothing comes back on the subscription.
    const leftover = await receive(client.subscription(subscription.name), 1, 1500, 0);
    assert.deepEqual(leftover, []);
    await client.close();
  });
});
