// @requires-services kafka
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import { BROKERS, clientKey, bareKafka, createTopic, kafkaJob, produce, readTopic, unique } from './kafka-helpers.js';

// Issue 16, item 3: a json → json job passes Kafka bytes through unparsed, and used to copy broken
// JSON to the sink. Now each payload is scanned: the bad ones land in the dead-letter store.

const GOOD = Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: i, name: `user-${i}`, tags: ['a', 'é'] }));
const BAD = ['{"id":100,"name":}', 'not json {', '{"id":101}{"id":102}', '[1,2', '{"id":103,"note":"raw\ttab"}'];

describe('invalid JSON from a Kafka topic (json → json)', () => {
  it('goes to the dead-letter store with the byte of the error; good messages and tombstones reach the sink; validate_json = false copies all', async () => {
    const kafka = bareKafka();
    const from = unique('badjson-in');
    const checked = unique('badjson-out');
    const unchecked = unique('badjson-raw');
    const name = unique('badjson');
    await createTopic(kafka, from, 2);
    // Bad ones spread between good ones, on both partitions, plus a tombstone (null value).
    const messages = GOOD.flatMap((value, i) => (i % 4 === 1 ? [{ value, partition: i % 2 }, { value: BAD[(i - 1) / 4], partition: i % 2 }] : [{ value, partition: i % 2 }]));
    messages.push({ value: null as unknown as string, key: 'gone', partition: 0 } as never);
    await produce(kafka, from, messages);

    const h = await startTestHost({
      discover: false,
      plugins: [kafkaPlugin],
      config: {
        services: [{ provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS, ...clientKey() }],
        connectors: [
          kafkaJob(name, from, checked),
          kafkaJob(`${name}-raw`, from, unchecked, { source: { service_name: 'kafka', resource: from, input_encoding: 'json', output_encoding: 'json', validate_json: false } }),
        ],
      },
    });
    try {
      const copied = await readTopic(kafka, checked, GOOD.length + 1, 30_000);
      assert.deepEqual(copied.filter((m) => m.value !== null).map((m) => m.value).sort(), [...GOOD].sort(), 'every good message, no bad one');
      assert.deepEqual(copied.filter((m) => m.value === null).map((m) => m.key), ['gone'], 'the tombstone is copied as a tombstone');

      const dead = await eventually(async () => {
        const res = await h.request('GET', `/jobs/${name}/dead-letters?limit=100`);
        return res.body.total === BAD.length ? res.body.items : undefined;
      }, 15_000, `${BAD.length} dead letters`);
      const reasons = new Map<string, string>(dead.map((d: { payload: string; reason: string }) => [Buffer.from(d.payload, 'base64').toString(), d.reason]));
      assert.deepEqual([...reasons.keys()].sort(), [...BAD].sort());
      assert.equal(reasons.get('{"id":100,"name":}'), "payload is not valid JSON: expected a value at byte 17, found '}'");
      assert.equal(reasons.get('{"id":101}{"id":102}'), "payload is not valid JSON: expected the end of the payload after the JSON value at byte 10, found '{'");
      assert.match(reasons.get('{"id":103,"note":"raw\ttab"}')!, /control character 0x09 inside a string at byte 21/);
      for (const d of dead) {
        assert.equal(d.stage, 'source');
        assert.equal(d.code, 'MS_ERR_DATA');
        assert.ok(d.attributes['kafka.offset'], 'the dead letter says where the message was');
      }
      assert.equal((await h.request('GET', `/jobs/${name}`)).body.state, 'running');

      // The job keeps running: a later bad message is dead-lettered, a later good one copied.
      await produce(kafka, from, [{ value: '{"late":' }, { value: '{"late":true}' }]);
      const after = await readTopic(kafka, checked, GOOD.length + 2, 30_000);
      assert.ok(after.some((m) => m.value === '{"late":true}'));
      assert.ok(!after.some((m) => m.value === '{"late":'));
      await eventually(async () => (await h.request('GET', `/jobs/${name}/dead-letters`)).body.total === BAD.length + 1, 15_000, 'the late bad message dead-lettered');

      // The unchecked job trusted its source: everything went through, bad JSON included.
      const raw = await readTopic(kafka, unchecked, messages.length + 2, 30_000);
      assert.equal(raw.filter((m) => m.value !== null).length, GOOD.length + BAD.length + 2);
      assert.equal((await h.request('GET', `/jobs/${name}-raw/dead-letters`)).body.total, 0);
    } finally {
      await h.close();
    }
  });
});
