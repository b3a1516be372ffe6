// @requires-services pubsub
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PubSub } from '@google-cloud/pubsub';
import { createEvent, utf8 } from '@mstream/sdk';
import { createTestContext } from '@mstream/sdk/testing';
import { pubsubResources } from './pubsub-resources.js';
import { pubsubSchemas } from './pubsub-schemas.js';
import { pubsubService, type PubSubHandle } from './pubsub-service.js';
import { pubsubSink } from './pubsub-sink.js';

const EMULATOR = process.env.PUBSUB_EMULATOR_HOST ?? '127.0.0.1:8085';
const context = createTestContext();
const signal = () => AbortSignal.timeout(10_000);
const AVRO = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'int' }] });
let handle: PubSubHandle;
let admin: PubSub;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describe('pubsub resources, schemas and sink against the emulator', () => {
  before(async () => {
    admin = new PubSub({ projectId: 'test-project', apiEndpoint: EMULATOR, emulatorMode: true });
    handle = (await pubsubService.connect({ project_id: 'test-project', emulator_host: EMULATOR }, context)) as PubSubHandle;
  });
  after(async () => {
    await pubsubService.close!(handle);
    await admin.close();
    context.dispose();
  });

  it('lists topics and subscriptions by short name, a subscription with its topic', async () => {
    const id = unique('res');
    const [topic] = await admin.createTopic(id);
    await topic.createSubscription(`${id}-sub`, { ackDeadlineSeconds: 42 });
    const resources = await pubsubResources.create(handle, context).list(signal());
    assert.deepEqual(resources.find((r) => r.name === id), { name: id, resource_type: 'topic' });
    const sub = resources.find((r) => r.name === `${id}-sub`);
    assert.equal(sub?.resource_type, 'subscription');
    assert.equal(sub?.details?.topic, id);
    assert.equal(sub?.details?.ack_deadline_seconds, 42);
  });

  it('creates, lists, reads and deletes an Avro schema; a clash is a conflict, a missing one not found', async () => {
    const store = pubsubSchemas.create(handle, context);
    const id = unique('order');
    const saved = await store.save({ id, name: id, encoding: 'avro', definition: AVRO }, signal());
    assert.equal(saved.id, id);
    assert.equal(saved.encoding, 'avro');
    assert.ok((await store.list(signal())).some((s) => s.id === id && s.encoding === 'avro'));
    const got = await store.get(id, signal());
    assert.equal(JSON.parse(got.definition).name, 'Order');
    assert.ok(got.created_at);
    await assert.rejects(store.save({ id, name: id, encoding: 'avro', definition: AVRO }, signal()), (e: any) => e.code === 'MS_ERR_CONFLICT');
    await store.delete(id, signal());
    await assert.rejects(store.get(id, signal()), (e: any) => e.code === 'MS_ERR_NOT_FOUND');
    await assert.rejects(store.delete(id, signal()), (e: any) => e.code === 'MS_ERR_NOT_FOUND');
  });

  it('refuses a JSON Schema, since Pub/Sub has no such schema type', async () => {
    const store = pubsubSchemas.create(handle, context);
    await assert.rejects(store.save({ name: unique('js'), encoding: 'json', definition: '{"type":"object"}' }, signal()), (e: any) =>
      e.code === 'MS_ERR_UNSUPPORTED' && /AVRO or PROTOCOL_BUFFER/.test(e.message),
    );
  });

  it('publishes a batch with attributes and ordering keys, and resolves only once the server has them all', async () => {
    const id = unique('sink');
    const [topic] = await admin.createTopic(id);
    const [subscription] = await topic.createSubscription(id, { enableMessageOrdering: true });
    const sink = await pubsubSink.create({
      service: handle,
      resource: `projects/test-project/topics/${id}`,
      options: { use_event_key_as_ordering_key: true, max_messages: 1000, max_milliseconds: 10, max_bytes: 1_048_576, create_topic: false },
      encoding: 'json',
      context,
    });
    await sink.open!(signal());
    const events = Array.from({ length: 50 }, (_, i) =>
      createEvent({ position: utf8(String(i)), payload: utf8(`{"i":${i}}`), encoding: 'json', key: `k${i % 3}`, attributes: { seq: String(i), '': 'x' } }),
    );
    await sink.write(events, signal());
    await sink.close();
    const received: Array<{ data: string; attributes: Record<string, string>; key: string | undefined }> = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${received.length} of 50 arrived`)), 10_000);
      subscription.on('message', (m) => {
        m.ack();
        received.push({ data: m.data.toString(), attributes: m.attributes, key: m.orderingKey });
        if (received.length === 50) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await subscription.close();
    for (const r of received) {
      const i = JSON.parse(r.data).i;
      assert.deepEqual(r.attributes, { seq: String(i) });
      assert.equal(r.key, `k${i % 3}`);
    }
    // Per ordering key, messages arrive in publish order.
    for (const key of ['k0', 'k1', 'k2']) {
      const order = received.filter((r) => r.key === key).map((r) => JSON.parse(r.data).i);
      assert.deepEqual(order, [...order].sort((a, b) => a - b));
    }
  });

  it('fails open with a retriable error naming a missing topic unless create_topic is set', async () => {
    const id = unique('nosuch');
    const make = (create: boolean) =>
      pubsubSink.create({ service: handle, resource: id, options: { use_event_key_as_ordering_key: false, max_messages: 100, max_milliseconds: 10, max_bytes: 1_048_576, create_topic: create }, encoding: 'json', context });
    const missing = await make(false);
    await assert.rejects(missing.open!(signal()), (e: any) => e.code === 'MS_ERR_CONNECTION' && /does not exist/.test(e.message));
    const created = await make(true);
    await created.open!(signal());
    const [exists] = await admin.topic(id).exists();
    assert.equal(exists, true);
    await created.close();
    await missing.close();
  });
});
