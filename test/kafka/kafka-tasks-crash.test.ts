// @requires-services kafka
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kafka } from 'kafkajs';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import { BROKERS, bareKafka, clientKey, createTopic, kafkaJob, produce, readTopic, unique, withAdmin } from './kafka-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TOTAL = 500;

describe('tasks = 2: a task thread that dies is started again; a task whose job loop fails fails the job', () => {
  let kafka: Kafka;
  let h: TestHost;
  let scratch: string;
  const from = unique('crash-in');
  const to = unique('crash-out');
  const job = unique('crash');

  before(async () => {
    kafka = bareKafka();
    await createTopic(kafka, from, 4);
    await createTopic(kafka, to, 4);
    await produce(kafka, from, Array.from({ length: TOTAL }, (_, i) => ({ key: `k${i % 20}`, value: JSON.stringify({ id: i }) })));
    scratch = await mkdtemp(path.join(os.tmpdir(), 'mstream-crash-'));
    // Read by the fixture's source in the task threads (they copy the environment when started).
    process.env.MSTREAM_TEST_CRASH_MARKER = path.join(scratch, 'crashed');
    h = await startTestHost({
      pluginPath: [path.join(here, 'fixtures/crashing-kafka')],
      config: {
        services: [{ provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS, ...clientKey() }],
        connectors: [kafkaJob(job, from, to, { tasks: 2 })],
      },
    });
  });

  after(async () => {
    delete process.env.MSTREAM_TEST_CRASH_MARKER;
    await h?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('restarts the crashed task after the retry backoff; the job keeps running and copies everything', async () => {
    const got = await readTopic(kafka, to, TOTAL, 60_000);
    const ids = new Set(got.map((m) => (JSON.parse(m.value!) as { id: number }).id));
    assert.equal(ids.size, TOTAL, 'every message arrives');
    await stat(process.env.MSTREAM_TEST_CRASH_MARKER!); // one task did crash

    const metrics = await eventually(async () => {
      const body = (await h.request('GET', `/jobs/${job}/metrics`)).body;
      return body.tasks?.every((t: { state: string }) => t.state === 'running') ? body : undefined;
    }, 20_000, 'both tasks running');
    assert.deepEqual(metrics.tasks.map((t: { restarts: number }) => t.restarts).sort(), [0, 1], JSON.stringify(metrics.tasks));
    assert.ok(metrics.retries >= 1, 'the restart counts as a retry');
    const record = (await h.request('GET', `/jobs/${job}`)).body;
    assert.equal(record.state, 'running');
  });

  it('fails the whole job, with the failing task\'s reason, when one task\'s job loop fails (on_error = "fail"), and stops the other', async () => {
    const failing = unique('fail-in');
    const name = unique('fail');
    await createTopic(kafka, failing, 4);
    // Valid messages on every partition, and one that is not JSON: whichever task owns its partition fails.
    const messages = Array.from({ length: 200 }, (_, i) => ({ key: `k${i % 20}`, value: JSON.stringify({ id: i }) }));
    messages.push({ key: 'k3', value: '{"broken": ' });
    await produce(kafka, failing, messages);
    const created = await h.request('POST', '/jobs', { ...kafkaJob(name, failing, unique('fail-out'), { tasks: 2, on_error: 'fail' }) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const record = await eventually(async () => {
      const body = (await h.request('GET', `/jobs/${name}`)).body;
      return body.state === 'failed' ? body : undefined;
    }, 60_000, 'the job to fail');
    assert.match(record.error.message, /^task [01]: .*not valid JSON/, record.error.message);
    assert.ok(!h.host.jobs!.activeJobNames().includes(name), 'no task of it runs');
    await withAdmin(kafka, async (admin) => {
      const { groups } = await admin.describeGroups([`mstream-${name}`]);
      assert.equal(groups[0].members.length, 0, 'both tasks left the group');
    });
  });
});
