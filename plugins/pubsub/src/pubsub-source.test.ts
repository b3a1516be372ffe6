// @requires-services pubsub
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PubSub } from '@google-cloud/pubsub';
import { fromUtf8, type Source, type StreamEvent } from '@mstream/sdk';
import { createTestContext } from '@mstream/sdk/testing';
import { pubsubService, type PubSubHandle } from './pubsub-service.js';
import { pubsubSource, type PubSubSourceOptions } from './pubsub-source.js';

const EMULATOR = process.env.PUBSUB_EMULATOR_HOST ?? '127.0.0.1:8085';
const context = createTestContext({ batch: { size: 5, maxWaitMs: 50 } } as never);
let handle: PubSubHandle;
let admin: PubSub;

/** A fresh topic with one subscription; the bare client publishes, the plugin's source reads. */
async function fixture(ackDeadline = 10) {
  const id = `src-${randomBytes(4).toString('hex')}`;
  const [topic] = await admin.createTopic(id, {});
  await topic.createSubscription(id, { ackDeadlineSeconds: ackDeadline });
  const publish = (n: number, extra: { orderingKey?: string; attributes?: Record<string, string> } = {}) =>
    Promise.all(Array.from({ length: n }, (_, i) => topic.publishMessage({ data: Buffer.from(`m${i}`), ...extra })));
  return { id, topic, publish };
}

async function openSource(id: string, options: Partial<PubSubSourceOptions> = {}): Promise<Source> {
  const source = await pubsubSource.create({
    service: handle,
    resource: id,
    options: { max_outstanding_messages: 0, ack_deadline_seconds: 10, ...options },
    encoding: 'json',
    context,
  });
  await source.open(undefined, AbortSignal.timeout(10_000));
  return source;
}

/** Reads until `count` events or `ms` passed. */
async function readFor(source: Source, count: number, ms: number): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  const end = Date.now() + ms;
  while (out.length < count && Date.now() < end) out.push(...(await source.read(100, AbortSignal.timeout(Math.max(1, end - Date.now())))));
  return out;
}

describe('pubsub source against the emulator', () => {
  before(async () => {
    admin = new PubSub({ projectId: 'test-project', apiEndpoint: EMULATOR, emulatorMode: true });
    handle = (await pubsubService.connect({ project_id: 'test-project', emulator_host: EMULATOR }, context)) as PubSubHandle;
  });
  after(async () => {
    await pubsubService.close!(handle);
    await admin.close();
    context.dispose();
  });

  it('maps attributes, ordering key, message id and publish time onto the event', async () => {
    const { id, publish } = await fixture();
    const source = await openSource(id);
    const before = Date.now() - 1000;
    const [messageId] = await publish(1, { attributes: { tenant: 't1', 'pubsub.message_id': 'spoofed' } });
    const [event] = await readFor(source, 1, 5000);
    assert.equal(fromUtf8(event.payload), 'm0');
    assert.equal(fromUtf8(event.position), messageId);
    assert.equal(event.attributes.tenant, 't1');
    assert.equal(event.attributes['pubsub.message_id'], messageId, "the source's own attribute wins");
    assert.match(event.id!, new RegExp(`^pubsub:projects/[^/]+/subscriptions/${id}/${messageId}$`), 'subscription and message id name the message');
    assert.ok(event.sourceTimestamp! >= before && event.sourceTimestamp! <= Date.now());
    assert.equal(new Date(event.attributes['pubsub.publish_time']).getTime(), event.sourceTimestamp);
    assert.equal(event.key, undefined);
    await source.ack([event.position]);
    await source.close();
  });

  it('carries the ordering key as the event key and an attribute', async () => {
    const id = `ord-${randomBytes(4).toString('hex')}`;
    const [topic] = await admin.createTopic(id);
    await topic.createSubscription(id, { enableMessageOrdering: true });
    const source = await openSource(id);
    const ordered = admin.topic(id, { messageOrdering: true });
    await ordered.publishMessage({ data: Buffer.from('x'), orderingKey: 'customer-7' });
    const [event] = await readFor(source, 1, 5000);
    assert.equal(event.key, 'customer-7');
    assert.equal(event.attributes['pubsub.ordering_key'], 'customer-7');
    await source.close();
  });

  it('holds no more unacked messages than max_outstanding_messages, and more come once some are acked', async () => {
    const { id, publish } = await fixture();
    const source = await openSource(id, { max_outstanding_messages: 10 });
    await publish(40);
    const first = await readFor(source, 40, 2000);
    assert.equal(first.length, 10, 'flow control must stop delivery at 10 held messages');
    await source.ack(first.map((e) => e.position));
    const rest: StreamEvent[] = [];
    const end = Date.now() + 10_000;
    while (rest.length < 30 && Date.now() < end) {
      const got = await source.read(100, AbortSignal.timeout(1000));
      assert.ok(got.length <= 10, `at most 10 held at a time, got ${got.length}`);
      rest.push(...got);
      await source.ack(got.map((e) => e.position));
    }
    const all = new Set([...first, ...rest].map((e) => fromUtf8(e.payload)));
    assert.equal(all.size, 40);
    await source.close();
  });

  it('redelivers at once what was read but never acked when it closes (nack), and nothing that was acked', async () => {
    const { id, publish } = await fixture(60);
    await publish(10);
    const first = await openSource(id);
    const events = await readFor(first, 10, 5000);
    assert.equal(events.length, 10);
    await first.ack(events.slice(0, 4).map((e) => e.position));
    await first.close();
    const second = await openSource(id);
    // With a 60 s ack deadline only the nack can bring them back this fast.
    const again = await readFor(second, 6, 5000);
    const extra = await readFor(second, 1, 1500);
    assert.deepEqual(again.map((e) => fromUtf8(e.payload)).sort(), events.slice(4).map((e) => fromUtf8(e.payload)).sort());
    assert.deepEqual(extra, [], 'acked messages must not come back');
    await second.close();
  });

  it('keeps the lease of a message the job holds beyond the ack deadline, so it is not redelivered meanwhile', async () => {
    const { id, publish } = await fixture(10);
    const source = await openSource(id, { ack_deadline_seconds: 10 });
    await publish(1);
    const [held] = await readFor(source, 1, 5000);
    // Past the 10 s deadline: without lease extension the emulator would redeliver it here.
    const during = await readFor(source, 1, 13_000);
    assert.deepEqual(during, [], 'a held message must not be redelivered while its lease is extended');
    await source.ack([held.position]);
    await source.close();
  });

  it('fails open with a retriable error naming a missing subscription', async () => {
    await assert.rejects(openSource(`missing-${randomBytes(3).toString('hex')}`), (e: any) => e.code === 'MS_ERR_CONNECTION' && /does not exist/.test(e.message));
  });
});
