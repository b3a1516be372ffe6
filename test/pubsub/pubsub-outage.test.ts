// @requires-services pubsub
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '@mstream/sdk';
import { createTestContext } from '@mstream/sdk/testing';
import { pubsubService, type PubSubHandle } from '../../plugins/pubsub/src/pubsub-service.js';
import { pubsubSource } from '../../plugins/pubsub/src/pubsub-source.js';
import { TcpProxy } from '../net/tcp-proxy.js';
import { EMULATOR, PROJECT, barePubSub, publish, sleep, topicWithSubscription, unique } from './pubsub-helpers.js';

describe('pubsub source when the emulator goes away and comes back', () => {
  const admin = barePubSub();
  let proxy: TcpProxy;
  before(async () => {
    proxy = await TcpProxy.start(EMULATOR);
  });
  after(async () => {
    await proxy.cut();
    await admin.close();
  });

  it('reports the unreachable service while the client reconnects, then reads what was published meanwhile', async () => {
    const id = unique('outage');
    const { topic } = await topicWithSubscription(admin, id, 10);
    const context = createTestContext({ batch: { size: 10, maxWaitMs: 50 } });
    const handle = (await pubsubService.connect({ project_id: PROJECT, emulator_host: `127.0.0.1:${proxy.port}` }, context)) as PubSubHandle;
    const source = await pubsubSource.create({ service: handle, resource: id, options: { max_outstanding_messages: 0, ack_deadline_seconds: 10 }, encoding: 'json', context });
    const readAll = async (count: number, ms: number) => {
      const got: string[] = [];
      const end = Date.now() + ms;
      while (got.length < count && Date.now() < end) {
        const events: StreamEvent[] = await source.read(10, AbortSignal.timeout(1000)).catch(() => []);
        got.push(...events.map((e) => Buffer.from(e.payload).toString()));
        await source.ack(events.map((e) => e.position));
      }
      return got;
    };
    try {
      await source.open(undefined, AbortSignal.timeout(10_000));
      await publish(topic, [{ data: '"a"' }]);
      assert.deepEqual(await readAll(1, 10_000), ['"a"']);
      await proxy.cut();
      await publish(topic, [{ data: '"b"' }, { data: '"c"' }]);
      const deadline = Date.now() + 15_000;
      while (!context.healthReports.some((r) => r !== null) && Date.now() < deadline) await sleep(200);
      assert.match(String(context.healthReports.find((r) => r !== null)), new RegExp(`${id} cannot reach Pub/Sub`), `reports: ${JSON.stringify(context.healthReports)}`);
      await proxy.restore();
      assert.deepEqual((await readAll(2, 30_000)).sort(), ['"b"', '"c"']);
      assert.equal(context.healthReports.at(-1), null, 'the trouble ends once messages arrive again');
    } finally {
      await source.close();
      await pubsubService.close?.(handle);
      context.dispose();
    }
  });
});
