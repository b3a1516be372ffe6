// @requires-services kafka
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import { flakyKafkaPlugin, faults, resetFaults } from './flaky-kafka-plugin.js';
import { BROKERS, clientKey, bareKafka, createTopic, kafkaJob, produce, readTopic, unique, withAdmin, type ReadMessage } from './kafka-helpers.js';

const kafka = bareKafka();

/** The sum over partitions of the group's committed offsets on `topic`. */
async function committed(group: string, topic: string): Promise<number> {
  return withAdmin(kafka, async (admin) => {
    const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  });
}

/** Every id read, and the ids read more than once. */
function tally(messages: ReadMessage[]): { ids: number[]; duplicates: number[] } {
  const ids = messages.map((m) => (JSON.parse(m.value!) as { id: number }).id);
  const seen = new Set<number>();
  const duplicates = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  return { ids, duplicates };
}

interface Setup {
  total: number;
  provider?: 'kafka' | 'kafka-flaky';
  values?: (i: number) => string;
  job?: Record<string, unknown>;
  sinkOptions?: Record<string, unknown>;
  /** The source step skips the JSON validity scan (validate_json = false), so bad payloads reach the sink. */
  trustSource?: boolean;
}

describe('exactly-once Kafka → Kafka (in-process host)', () => {
  let h: TestHost | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    resetFaults({});
  });

  async function run({ total, provider = 'kafka', values = (i) => JSON.stringify({ id: i }), job = {}, sinkOptions = {}, trustSource = false }: Setup) {
    const from = unique('eo-in');
    const to = unique('eo-out');
    const name = unique('eo');
    const group = `mstream-${name}`;
    await createTopic(kafka, from, 3);
    await createTopic(kafka, to, 3);
    await produce(kafka, from, Array.from({ length: total }, (_, i) => ({ key: `k${i % 13}`, value: values(i) })));
    const connector = kafkaJob(name, from, to, { delivery: 'exactly_once', batch: { kind: 'count', size: 100, max_wait_ms: 20 }, ...job }, {}, sinkOptions);
    connector.source.service_name = provider;
    connector.sinks[0].service_name = provider;
    if (trustSource) (connector.source as Record<string, unknown>).validate_json = false;
    h = await startTestHost({
      discover: false,
      plugins: [kafkaPlugin, flakyKafkaPlugin],
      config: { services: [{ provider, name: provider, 'bootstrap.servers': BROKERS, ...clientKey() }], connectors: [connector] },
    });
    return { from, to, name, group };
  }

  it('copies every message once, committing the group offsets in the transactions and no checkpoint', async () => {
    const total = 3000;
    const { to, name, group, from } = await run({ total });
    await eventually(async () => (await committed(group, from)) === total, 60_000, 'every offset committed');
    const { ids, duplicates } = tally(await readTopic(kafka, to, total, 20_000, 1000));
    assert.deepEqual(duplicates, []);
    assert.equal(new Set(ids).size, total);
    assert.equal(ids.length, total);
    const checkpoints = await h!.request('GET', `/jobs/${name}/checkpoints`);
    assert.equal(checkpoints.status, 200);
    assert.deepEqual(checkpoints.body, [], 'the position is the committed offsets, not a checkpoint');
  });

  it('stopped mid-stream and started again on the same data dir, copies each message once', async () => {
    const total = 4000;
    const { to, group, from, name } = await run({ total, job: { batch: { kind: 'count', size: 50, max_wait_ms: 20 } } });
    await eventually(async () => (await committed(group, from)) >= 500, 60_000, 'some offsets committed');
    const dataDir = h!.dataDir;
    const config = h!.host.config!;
    await h!.host.stop();
    const stoppedAt = await committed(group, from);
    assert.ok(stoppedAt < total, `stopped mid-stream (${stoppedAt} of ${total})`);
    const second = await startTestHost({ discover: false, plugins: [kafkaPlugin, flakyKafkaPlugin], config: { services: config.services, connectors: config.connectors }, dataDir });
    try {
      await eventually(async () => (await committed(group, from)) === total, 60_000, 'every offset committed after the restart');
      const { ids, duplicates } = tally(await readTopic(kafka, to, total, 20_000, 1000));
      assert.deepEqual(duplicates, [], `no duplicate after a stop at ${stoppedAt}`);
      assert.equal(new Set(ids).size, total);
      assert.equal((await second.request('GET', `/jobs/${name}`)).body.state, 'running');
    } finally {
      await second.close();
    }
  });

  it('aborts a batch whose sink failed after producing into the transaction, and copies it once on the retry', async () => {
    const total = 2000;
    resetFaults({ failWriteAfter: 4 });
    const { to, name, group, from } = await run({ total, provider: 'kafka-flaky' });
    await eventually(async () => (await committed(group, from)) === total, 60_000, 'every offset committed');
    assert.deepEqual(faults.injected, ['write 4'], 'the fault fired once');
    const { ids, duplicates } = tally(await readTopic(kafka, to, total, 20_000, 1000));
    assert.deepEqual(duplicates, [], 'the aborted batch is not visible to a read_committed reader');
    assert.equal(new Set(ids).size, total);
    const job = await h!.request('GET', `/jobs/${name}`);
    assert.equal(job.body.state, 'running');
    const metrics = await h!.request('GET', `/jobs/${name}/metrics`);
    assert.ok(metrics.body.retries >= 1, `a retry is counted (${JSON.stringify(metrics.body)})`);
  });

  it('reads the outcome back from the group when a commit went through but its answer was lost: nothing twice', async () => {
    const total = 2000;
    resetFaults({ failCommitAfter: 5 });
    const { to, group, from } = await run({ total, provider: 'kafka-flaky' });
    await eventually(async () => (await committed(group, from)) === total, 60_000, 'every offset committed');
    assert.deepEqual(faults.injected, ['commit 5']);
    const { ids, duplicates } = tally(await readTopic(kafka, to, total, 20_000, 1000));
    assert.deepEqual(duplicates, [], 'the committed batch is not produced again');
    assert.equal(new Set(ids).size, total);
  });

  it('dead-letters a message the sink refuses inside a batch, alone, and commits its offset with the rest once', async () => {
    const total = 600;
    const bad = 250;
    // key_field needs JSON; with the source's JSON check off (validate_json = false) the json → json
    // fast path hands the sink the bytes as they are, so it is the sink that refuses the bad one.
    const { to, name, group, from } = await run({ total, values: (i) => (i === bad ? 'not json {' : JSON.stringify({ id: i, user: { id: i % 7 } })), sinkOptions: { key_field: 'user.id' }, trustSource: true });
    await eventually(async () => (await committed(group, from)) === total, 60_000, 'every offset committed, the bad one too');
    const dead = await eventually(async () => {
      const res = await h!.request('GET', `/jobs/${name}/dead-letters`);
      return res.body.total >= 1 ? res.body : undefined;
    }, 10_000, 'the dead letter');
    assert.equal(dead.total, 1, 'one dead letter');
    assert.equal(dead.items[0].stage, 'sinks[0]');
    assert.equal(Buffer.from(dead.items[0].payload, 'base64').toString(), 'not json {');
    // A re-drive runs in a transaction of its own; this one fails again (still not JSON) and aborts it.
    const redrive = await h!.request('POST', `/jobs/${name}/dead-letters/redrive`, {});
    assert.equal(redrive.status, 200, JSON.stringify(redrive.body));
    assert.equal(redrive.body.failed, 1);
    const { ids, duplicates } = tally(await readTopic(kafka, to, total - 1, 20_000, 1000));
    assert.deepEqual(duplicates, [], 'neither the isolation nor the aborted re-drive wrote anything twice');
    assert.equal(ids.length, total - 1);
    assert.ok(!ids.includes(bad));
    assert.equal((await h!.request('GET', `/jobs/${name}`)).body.state, 'running');
    assert.equal((await h!.request('GET', `/jobs/${name}/dead-letters`)).body.items[0].attempts, 2);
  });
});
