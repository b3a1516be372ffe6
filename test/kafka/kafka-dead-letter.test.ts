// @requires-services kafka
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import { BROKERS, clientKey, bareKafka, createTopic, kafkaJob, produce, readTopic, topicSize, unique } from './kafka-helpers.js';

describe('an undecodable Kafka message', () => {
  it('goes to the dead letters with its topic, partition and offset while the job keeps running', async () => {
    const kafka = bareKafka();
    const from = unique('dl-in');
    const to = unique('dl-out');
    const name = unique('dl');
    await createTopic(kafka, from, 1);
    await produce(kafka, from, [{ value: '{"id":0}' }, { value: 'not json {', headers: { trace: 't-1' } }, { value: '{"id":2}' }]);

    // JSON in, BSON out: the host must decode every payload, and cannot decode the middle one.
    const job = kafkaJob(name, from, to, {
      source: { service_name: 'kafka', resource: from, input_encoding: 'json', output_encoding: 'bson' },
      sinks: [{ service_name: 'kafka', resource: to, output_encoding: 'bson' }],
    });
    const h = await startTestHost({
      discover: false,
      plugins: [kafkaPlugin],
      config: { services: [{ provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS, ...clientKey() }], connectors: [job] },
    });
    try {
      await eventually(async () => (await topicSize(kafka, to)) === 2, 20_000, 'the two good messages copied');
      const dead = await eventually(async () => {
        const res = await h.request('GET', `/jobs/${name}/dead-letters`);
        return res.body.total === 1 ? res.body.items[0] : undefined;
      }, 10_000, 'one dead letter');
      assert.equal(dead.stage, 'source');
      assert.equal(dead.code, 'MS_ERR_DATA');
      assert.equal(Buffer.from(dead.payload, 'base64').toString(), 'not json {');
      assert.equal(dead.attributes['kafka.topic'], from);
      assert.equal(dead.attributes['kafka.partition'], '0');
      assert.equal(dead.attributes['kafka.offset'], '1');
      assert.equal(dead.attributes.trace, 't-1', 'headers travel as attributes');

      // Still running: a later message is copied too.
      await produce(kafka, from, [{ value: '{"id":3}' }]);
      const copies = await readTopic(kafka, to, 3, 20_000);
      assert.equal(copies.length, 3);
      assert.equal((await h.request('GET', `/jobs/${name}`)).body.state, 'running');
    } finally {
      await h.close();
    }
  });
});
