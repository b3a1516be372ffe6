// @requires-services kafka
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kafka } from 'kafkajs';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import { BROKERS, bareKafka, clientKey, createTopic, kafkaJob, produce, readTopic, unique } from './kafka-helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOTAL = 3000;
const KEYS = 40;

/** The newest `partitions assigned` line of each task of the job: what it owns now. */
function assignments(h: TestHost, job: string): Map<number, number[]> {
  const latest = new Map<number, number[]>();
  for (const entry of h.host.logs.snapshot()) {
    if (entry.job_name !== job || entry.message !== 'partitions assigned' || typeof entry.task !== 'number') continue;
    latest.set(entry.task, entry.partitions as number[]);
  }
  return latest;
}

describe('tasks = 2: two consumers of the job\'s group in worker threads, one job', () => {
  let kafka: Kafka;
  let h: TestHost;
  const from = unique('tasks-in');
  const to = unique('tasks-out');
  const job = unique('tasks');

  before(async () => {
    kafka = bareKafka();
    await createTopic(kafka, from, 4);
    await createTopic(kafka, to, 4);
    h = await startTestHost({
      // Tasks load the plugin again in their threads, from its folder: not an in-process plugin object.
      pluginPath: [path.join(root, 'plugins/kafka')],
      // The assignments are read from the job's info lines.
      logLevel: 'info',
      config: {
        services: [{ provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS, ...clientKey() }],
        connectors: [kafkaJob(job, from, to, { tasks: 2 })],
      },
    });
  });

  after(async () => {
    await h?.close();
  });

  it('spreads the partitions over both tasks, copies every message, and shows one job with summed counters', async () => {
    // Both members joined and the group settled on two partitions each before anything is produced,
    // so each task gets data (a first member alone would otherwise copy everything before the second joins).
    const settled = await eventually(() => {
      const owned = assignments(h, job);
      const all = [...owned.values()].flat().sort();
      return owned.size === 2 && [...owned.values()].every((p) => p.length > 0) && all.join() === '0,1,2,3' ? owned : undefined;
    }, 60_000, 'both tasks owning partitions');
    assert.deepEqual([...settled.keys()].sort(), [0, 1]);

    const messages = Array.from({ length: TOTAL }, (_, i) => ({ key: `key-${i % KEYS}`, value: JSON.stringify({ id: i, key: `key-${i % KEYS}` }) }));
    await produce(kafka, from, messages);
    const got = await readTopic(kafka, to, TOTAL, 60_000);
    const ids = new Set(got.map((m) => (JSON.parse(m.value!) as { id: number }).id));
    assert.equal(ids.size, TOTAL, `every message arrives (${got.length - ids.size} duplicates)`);

    const metrics = await eventually(async () => {
      const body = (await h.request('GET', `/jobs/${job}/metrics`)).body;
      return body.events_processed >= TOTAL ? body : undefined;
    }, 10_000, 'the job\'s counters to cover every message');
    assert.equal(metrics.tasks.length, 2);
    for (const task of metrics.tasks) {
      assert.equal(task.state, 'running');
      assert.ok(task.events_processed > 0, `task ${task.task} processed events: ${JSON.stringify(metrics.tasks)}`);
    }
    assert.equal(metrics.tasks[0].events_processed + metrics.tasks[1].events_processed, metrics.events_processed, 'the job\'s count is the tasks\' sum');
    assert.ok(metrics.max_in_flight > 0);

    const jobs = (await h.request('GET', '/jobs')).body as Array<{ name: string }>;
    assert.deepEqual(jobs.map((j) => j.name), [job], 'one job');
    const record = (await h.request('GET', `/jobs/${job}`)).body;
    assert.equal(record.state, 'running');
    assert.equal(record.pipeline.tasks, 2);
    assert.ok(record.plugin_versions.kafka, 'the tasks\' plugin versions are recorded');
    const prometheus = (await h.request('GET', '/metrics')).body as string;
    assert.match(prometheus, new RegExp(`mstream_job_events_processed_total\\{job="${job}"\\} ${metrics.events_processed}`));
  });

  it('keeps the checkpoint the tasks save, refuses a tap, and stops every task with the job', async () => {
    const checkpoint = await eventually(async () => {
      const cursor = (await h.request('GET', `/jobs/${job}/checkpoints`)).body?.[0]?.cursor;
      return cursor?.topic === from ? cursor : undefined;
    }, 10_000, 'a checkpoint');
    assert.equal(checkpoint.topic, from);
    const tap = await h.request('GET', `/jobs/${job}/tap?stage=source&limit=1`);
    assert.equal(tap.status, 409);
    assert.match(JSON.stringify(tap.body), /runs 2 tasks in worker threads; taps need tasks = 1/);

    const stopped = await h.request('POST', `/jobs/${job}/stop`);
    assert.equal(stopped.status, 200, JSON.stringify(stopped.body));
    const record = (await h.request('GET', `/jobs/${job}`)).body;
    assert.equal(record.state, 'stopped');
    assert.equal(record.error, undefined);
    // Both tasks' consumers left the group: it has no members.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([`mstream-${job}`]);
      assert.equal(groups[0].members.length, 0, JSON.stringify(groups[0].members.map((m) => m.clientId)));
    } finally {
      await admin.disconnect();
    }
    assert.equal(h.host.jobs!.activeJobNames().length, 0);
  });
});
