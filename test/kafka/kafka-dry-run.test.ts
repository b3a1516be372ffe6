// @requires-services kafka
// POST /jobs/dry-run against the real broker: a Kafka → Kafka job with a masking UDF is tried on
// 5 of 100 messages; nothing is written to the sink topic and nothing is committed, so the real
// job created afterwards with the same consumer group still reads all 100 from the start.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kafka } from 'kafkajs';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import { createWorld, scriptedPlugin } from '../../host/test/fixtures/scripted-plugin.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import udfPlugin from '../../plugins/udf/src/index.js';
import { BROKERS, clientKey, bareKafka, createTopic, kafkaJob, produce, readTopic, unique, withAdmin } from './kafka-helpers.js';

// The job batches 50 events, so the UDF runs in batch mode (an array of documents), in the dry run too.
const MASK = `function transform(docs) { for (const d of docs) d.email = mask_email(d.email); return docs; }`;
const FAIL_ON_2 = `function transform(docs) { for (const d of docs) { if (d.n === 2) throw new Error('refusing document 2'); d.email = mask_email(d.email); } return docs; }`;

describe('POST /jobs/dry-run (Kafka → UDF → Kafka)', () => {
  let kafka: Kafka;
  let h: TestHost;
  const from = unique('dry-in');
  const to = unique('dry-out');
  const job = unique('dry');
  const group = unique('dry-group');
  const connector = (script = 'mask.js') => ({
    ...kafkaJob(job, from, to, {}, { group_id: group }),
    middlewares: [{ service_name: 'scripts', resource: script, output_encoding: 'json' }],
  });

  before(async () => {
    kafka = bareKafka();
    await createTopic(kafka, from, 1);
    await createTopic(kafka, to, 1);
    await produce(kafka, from, Array.from({ length: 100 }, (_, n) => ({ key: `k${n}`, value: JSON.stringify({ n, email: `user${n}@example.com` }) })));
    h = await startTestHost({
      discover: false,
      plugins: [kafkaPlugin, udfPlugin, scriptedPlugin(createWorld())],
      config: {
        services: [
          { provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS, ...clientKey() },
          { provider: 'udf', name: 'scripts', sources: [{ filename: 'mask.js', content: MASK }, { filename: 'fail.js', content: FAIL_ON_2 }] },
          { provider: 'scripted', name: 'scripted' },
        ],
        connectors: [],
      },
    });
  });

  after(async () => {
    await h?.close();
  });

  it('returns 5 transformed events, writes nothing, and commits nothing: the real job then reads all 100', { timeout: 90_000 }, async () => {
    const res = await h.request('POST', '/jobs/dry-run', { job: connector(), timeout_ms: 20_000 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.read, 5);
    assert.equal(res.body.timed_out, false);
    assert.equal(res.body.events.length, 5);
    for (const [i, event] of (res.body.events as any[]).entries()) {
      assert.equal(event.error, null);
      assert.deepEqual(event.source.payload, { n: i, email: `user${i}@example.com` }, 'the source event as the tap shows it, from the start of the topic');
      assert.equal(event.source.key, `k${i}`);
      assert.equal(event.sinks.length, 1);
      const [sink] = event.sinks;
      assert.equal(sink.service_name, 'kafka');
      assert.equal(sink.resource, to);
      assert.equal(sink.payload.n, i);
      assert.notEqual(sink.payload.email, `user${i}@example.com`, 'masked by the UDF');
      assert.match(sink.payload.email, /@example\.com$/);
    }

    assert.equal((await readTopic(kafka, to, 1, 3000)).length, 0, 'the sink topic is still empty');
    const offsets = await withAdmin(kafka, (admin) => admin.fetchOffsets({ groupId: group, topics: [from] }));
    assert.ok(offsets.every((t) => t.partitions.every((p) => Number(p.offset) < 0)), `the job's group committed nothing: ${JSON.stringify(offsets)}`);

    const created = await h.request('POST', '/jobs', connector());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const written = await readTopic(kafka, to, 100, 30_000);
    assert.equal(written.length, 100, 'the real job reads every message from the start');
    assert.deepEqual(written.map((m) => JSON.parse(m.value!).n), Array.from({ length: 100 }, (_, n) => n));
    assert.ok(written.every((m) => !JSON.parse(m.value!).email.startsWith('user')), 'the real job masks like the dry run showed');

    // Stopped after committing all 100: a dry run starts where the job would resume, at the new messages.
    await eventually(async () => {
      const offsets = await withAdmin(kafka, (admin) => admin.fetchOffsets({ groupId: group, topics: [from] }));
      return offsets[0]?.partitions[0]?.offset === '100';
    }, 10_000, 'the job committed offset 100');
    assert.equal((await h.request('POST', `/jobs/${job}/stop`)).status, 200);
    await produce(kafka, from, [100, 101, 102].map((n) => ({ key: `k${n}`, value: JSON.stringify({ n, email: `user${n}@example.com` }) })));
    const resumed = await h.request('POST', '/jobs/dry-run', { job: connector(), events: 3, timeout_ms: 20_000 });
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
    assert.deepEqual(resumed.body.events.map((e: any) => e.source.payload.n), [100, 101, 102]);
    await h.request('DELETE', `/jobs/${job}`);
  });

  it('an event failing in a middleware carries its error with the stage, and the run goes on', { timeout: 60_000 }, async () => {
    const res = await h.request('POST', '/jobs/dry-run', { job: { ...connector('fail.js'), name: unique('dry-fail'), source: { ...connector().source, options: { group_id: unique('g') } } }, events: 4, timeout_ms: 20_000 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.read, 4);
    const events = res.body.events as any[];
    assert.deepEqual(events.map((e) => e.source.payload.n), [0, 1, 2, 3]);
    assert.equal(events[2].error?.stage, 'middlewares[0]');
    assert.match(events[2].error.message, /refusing document 2/);
    assert.equal(typeof events[2].error.code, 'string');
    assert.deepEqual(events[2].sinks, []);
    for (const i of [0, 1, 3]) {
      assert.equal(events[i].error, null);
      assert.equal(events[i].sinks.length, 1);
    }
  });

  it('a source that cannot be read without side effects is refused with 400; an invalid job is the same 400 as POST /jobs', async () => {
    const scripted = await h.request('POST', '/jobs/dry-run', { job: { ...connector(), source: { service_name: 'scripted', resource: 'in', output_encoding: 'json' } } });
    assert.equal(scripted.status, 400, JSON.stringify(scripted.body));
    assert.equal(scripted.body.code, 'MS_ERR_UNSUPPORTED');
    assert.match(scripted.body.message, /without side effects/);

    const bad = { ...connector(), sinks: [{ service_name: 'nowhere', resource: 'x', output_encoding: 'json' }] };
    const dry = await h.request('POST', '/jobs/dry-run', { job: bad });
    const real = await h.request('POST', '/jobs', bad);
    assert.equal(dry.status, 400);
    assert.equal(real.status, 400);
    assert.equal(dry.body.code, real.body.code);
    assert.ok(JSON.stringify(dry.body.issues).includes('nowhere'), JSON.stringify(dry.body));

    for (const limits of [{ events: 0 }, { events: 101 }, { timeout_ms: 30_001 }]) {
      const res = await h.request('POST', '/jobs/dry-run', { job: connector(), ...limits });
      assert.equal(res.status, 400, `${JSON.stringify(limits)} is refused`);
    }
    assert.equal((await h.request('POST', '/jobs/dry-run', {})).status, 400, 'a job is required');
  });
});
