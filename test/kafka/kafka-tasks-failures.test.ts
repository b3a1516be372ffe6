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

describe('tasks = 2: a task thread that dies is started again; a task whose job loop fails fails the job; dead letters reach the host', () => {
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

  it('stores a task\'s dead letters in the host\'s store, counts them in the job\'s metrics, and re-drives through a task', async () => {
    const input = unique('dl-in');
    const name = unique('dl');
    await createTopic(kafka, input, 4);
    const messages = Array.from({ length: 100 }, (_, i) => ({ key: `k${i % 20}`, value: JSON.stringify({ id: i }) }));
    messages.push({ key: 'k7', value: 'not json' });
    await produce(kafka, input, messages);
    const created = await h.request('POST', '/jobs', kafkaJob(name, input, unique('dl-out'), { tasks: 2 }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const page = await eventually(async () => {
      const body = (await h.request('GET', `/jobs/${name}/dead-letters`)).body;
      return body.total === 1 ? body : undefined;
    }, 30_000, 'the dead letter in the host\'s store');
    assert.equal(page.items[0].stage, 'source');
    const metrics = await eventually(async () => {
      const body = (await h.request('GET', `/jobs/${name}/metrics`)).body;
      return body.dead_letters === 1 && body.tasks.every((t: { state: string }) => t.state === 'running') ? body : undefined;
    }, 10_000, 'the job\'s counters');
    assert.equal(metrics.total_errors, 1);
    const redrive = await h.request('POST', `/jobs/${name}/dead-letters/redrive`, {});
    assert.equal(redrive.status, 200, JSON.stringify(redrive.body));
    // Still not JSON: the task's pipeline refuses it again, and says why.
    assert.equal(redrive.body.failed, 1);
    assert.match(redrive.body.results[0].reason, /not valid JSON/);
    assert.equal((await h.request('DELETE', `/jobs/${name}`)).status < 300, true);
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
