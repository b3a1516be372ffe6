// @requires-services kafka
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createEvent, fromUtf8, isMstreamError, utf8, type Source, type StreamEvent } from '@mstream/sdk';
import { createTestContext, type TestContext } from '@mstream/sdk/testing';
import kafkajs from 'kafkajs';
import { kafkaService, type KafkaHandle } from './kafka-service.js';
import { kafkaSink } from './kafka-sink.js';
import { kafkaSource } from './kafka-source.js';
import type { KafkaSinkOptions } from './sink-options.js';
import type { KafkaSourceOptions } from './source-options.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
// MSTREAM_TEST_KAFKA_CLIENT=platformatic runs these with the second client (unset: the default).
const client = process.env.MSTREAM_TEST_KAFKA_CLIENT ? { client: process.env.MSTREAM_TEST_KAFKA_CLIENT as 'platformatic' } : {};
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

describe('kafka source and sink against the broker', () => {
  let ctx: TestContext;
  let handle: KafkaHandle;
  // Setting up goes through a bare kafkajs client, independent of the client under test.
  const bare = new kafkajs.Kafka({ clientId: 'mstream-test', brokers: brokers.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const producer = () => bare.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });

  before(async () => {
    ctx = createTestContext({ pluginId: 'kafka', batch: { size: 10, maxWaitMs: 50 } });
    handle = await kafkaService.connect({ 'bootstrap.servers': brokers, ...client }, ctx);
  });
  after(async () => {
    await kafkaService.close!(handle);
    ctx.dispose();
  });

  async function topic(partitions: number): Promise<string> {
    const name = unique('unit');
    const admin = bare.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions }], waitForLeaders: true }).finally(() => admin.disconnect());
    return name;
  }

  async function send(name: string, messages: kafkajs.Message[]): Promise<void> {
    const p = producer();
    await p.connect();
    await p.send({ topic: name, messages, acks: -1 });
    await p.disconnect();
  }

  async function openSource(name: string, options: Partial<KafkaSourceOptions>, position?: Uint8Array): Promise<Source> {
    const source = await kafkaSource.create({ service: handle, resource: name, options: { on_tombstone: 'delete', ...options }, encoding: 'json', context: ctx });
    await source.open(position, AbortSignal.timeout(20_000));
    return source;
  }

  async function readN(source: Source, count: number, timeoutMs = 15_000, chunk = 100, pauseMs = 0): Promise<StreamEvent[]> {
    const events: StreamEvent[] = [];
    const end = Date.now() + timeoutMs;
    while (events.length < count && Date.now() < end) {
      events.push(...(await source.read(chunk, AbortSignal.timeout(Math.max(1, end - Date.now())))));
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    }
    return events;
  }

  const ids = (events: StreamEvent[]) => events.map((e) => (JSON.parse(fromUtf8(e.payload)) as { id: number }).id);

  it('resumes every partition from a checkpoint, even under a consumer group without commits', async () => {
    const name = await topic(3);
    await send(name, Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, value: JSON.stringify({ id: i }) })));
    const first = await openSource(name, { group_id: unique('g') });
    const events = await readN(first, 30);
    assert.equal(events.length, 30);
    const checkpoint = (await first.ack(events.slice(0, 13).map((e) => e.position))) as Uint8Array;
    await first.close();
    const cursor = JSON.parse(fromUtf8(checkpoint)) as { topic: string; partitions: Record<string, string> };
    assert.equal(cursor.topic, name);

    // A new group would start from the beginning; the checkpoint must win.
    const second = await openSource(name, { group_id: unique('g') }, checkpoint);
    const rest = await readN(second, 17);
    await new Promise((r) => setTimeout(r, 300));
    rest.push(...(await second.read(100, AbortSignal.timeout(300))));
    await second.close();
    assert.deepEqual(ids(rest).sort((a, b) => a - b), ids(events.slice(13)).sort((a, b) => a - b));
  });

  it('seeks back offset_seek_back_seconds in time instead of starting from the beginning', async () => {
    const name = await topic(2);
    const old = String(Date.now() - 3_600_000);
    await send(name, [
      ...Array.from({ length: 4 }, (_, i) => ({ partition: i % 2, timestamp: old, value: JSON.stringify({ id: i }) })),
      ...Array.from({ length: 4 }, (_, i) => ({ partition: i % 2, value: JSON.stringify({ id: 100 + i }) })),
    ]);
    const source = await openSource(name, { group_id: unique('g'), offset_seek_back_seconds: 600 });
    const events = await readN(source, 4);
    events.push(...(await source.read(100, AbortSignal.timeout(500))));
    await source.close();
    assert.deepEqual(ids(events).sort((a, b) => a - b), [100, 101, 102, 103]);
  });

  it('keeps per-partition order and loses nothing when a slow reader fills a tiny buffer', async () => {
    const name = await topic(3);
    await send(name, Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, value: JSON.stringify({ id: i }) })));
    const source = await openSource(name, { group_id: unique('g'), max_buffered_messages: 5 });
    const events = await readN(source, 300, 30_000, 7, 2);
    await source.close();
    assert.equal(events.length, 300);
    assert.equal(new Set(ids(events)).size, 300);
    const lastOffset = new Map<string, number>();
    for (const event of events) {
      const partition = event.attributes['kafka.partition'];
      const offset = Number(event.attributes['kafka.offset']);
      assert.ok(offset > (lastOffset.get(partition) ?? -1), `partition ${partition} in order`);
      assert.equal(event.id, `kafka:${name}/${partition}/${offset}`, 'the source identity: topic, partition, offset (no epoch)');
      lastOffset.set(partition, offset);
    }
  });

  it('turns a tombstone into a delete event, or skips it with on_tombstone = skip', async () => {
    const name = await topic(1);
    await send(name, [{ key: 'a', value: null }, { key: 'b', value: '{"id":1}' }]);
    const source = await openSource(name, { group_id: unique('g') });
    const events = await readN(source, 2);
    await source.close();
    assert.equal(events[0].operation, 'delete');
    assert.equal(events[0].key, 'a');
    assert.equal(events[0].payload.byteLength, 0);
    assert.equal(events[1].operation, 'message');

    const skipping = await openSource(name, { group_id: unique('g'), on_tombstone: 'skip' });
    const only = await readN(skipping, 1);
    only.push(...(await skipping.read(10, AbortSignal.timeout(300))));
    await skipping.close();
    assert.deepEqual(only.map((e) => e.key), ['b']);
  });

  it('produces keys from key_field or key_attribute, gzip-compressed, with attributes as headers', async () => {
    const name = await topic(1);
    const write = async (options: Partial<KafkaSinkOptions>, events: StreamEvent[]) => {
      const sink = await kafkaSink.create({ service: handle, resource: name, options: { headers: 'attributes', max_request_bytes: 900_000, ...options }, encoding: 'json', context: ctx });
      await sink.open!(AbortSignal.timeout(10_000));
      await sink.write(events, AbortSignal.timeout(10_000));
      await sink.close();
    };
    const event = (id: number, attributes: Record<string, string> = {}) =>
      createEvent({ position: utf8(String(id)), payload: utf8(JSON.stringify({ id, user: { name: `u${id}` } })), encoding: 'json', attributes: { ...attributes, 'kafka.offset': '9' }, key: `event-key-${id}` });
    await write({ key_field: 'user.name', compression: 'gzip' }, [event(1, { h: 'x' })]);
    await write({ key_attribute: 'tenant' }, [event(2, { tenant: 'acme' })]);
    await write({}, [event(3)]);

    const source = await openSource(name, { group_id: unique('g') });
    const events = await readN(source, 3);
    await source.close();
    assert.deepEqual(events.map((e) => e.key), ['u1', 'acme', 'event-key-3']);
    assert.equal(events[0].attributes.h, 'x');
    assert.equal(events[0].attributes['kafka.offset'], '0', 'the sink does not copy kafka.* attributes; the source sets its own');
  });

  it('rejects a message above the broker limit as a data error and keeps producing afterwards', async () => {
    const name = await topic(1);
    const sink = await kafkaSink.create({ service: handle, resource: name, options: { headers: 'attributes', max_request_bytes: 900_000 }, encoding: 'json', context: ctx });
    const big = createEvent({ position: utf8('0'), payload: new Uint8Array(2 * 1024 * 1024).fill(0x61), encoding: 'json' });
    await assert.rejects(sink.write([big], AbortSignal.timeout(10_000)), (error) => isMstreamError(error) && error.code === 'MS_ERR_DATA');
    await sink.write([createEvent({ position: utf8('1'), payload: utf8('{"id":1}'), encoding: 'json' })], AbortSignal.timeout(10_000));
    await sink.close();
    const source = await openSource(name, { group_id: unique('g') });
    const events = await readN(source, 1);
    await source.close();
    assert.deepEqual(ids(events), [1]);
  });
});
