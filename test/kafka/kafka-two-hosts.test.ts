// @requires-services kafka
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import { BROKERS, clientKey, bareKafka, createTopic, kafkaJob, produce, readTopic, unique, withAdmin } from './kafka-helpers.js';

const TOTAL = 300;

describe('two hosts running the same Kafka-sourced job', () => {
  it('split the partitions of the shared consumer group: each gets some, together all', async () => {
    const kafka = bareKafka();
    const from = unique('split-in');
    const group = unique('split-group');
    const targets = [unique('split-out-a'), unique('split-out-b')];
    await createTopic(kafka, from, 3);
    for (const target of targets) await createTopic(kafka, target, 1);

    // Same job, same group; each host writes to its own topic so we can tell who got what.
    // headers = "all" carries kafka.partition into the copies.
    const hostFor = (target: string) =>
      startTestHost({
        discover: false,
        plugins: [kafkaPlugin],
        config: {
          services: [{ provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS, ...clientKey() }],
          connectors: [kafkaJob('split', from, target, {}, { group_id: group }, { headers: 'all' })],
        },
      });
    const hosts: TestHost[] = [];
    try {
      hosts.push(await hostFor(targets[0]));
      hosts.push(await hostFor(targets[1]));
      await eventually(
        () => withAdmin(kafka, async (admin) => {
          const { groups } = await admin.describeGroups([group]);
          return groups[0]?.state === 'Stable' && groups[0].members.length === 2;
        }),
        30_000,
        'a stable group of two members',
      );
      await produce(kafka, from, Array.from({ length: TOTAL }, (_, i) => ({ partition: i % 3, value: JSON.stringify({ id: i }) })));

      const copies = await eventually(async () => {
        const got = await Promise.all(targets.map((t) => readTopic(kafka, t, TOTAL, 3000, 300)));
        return got[0].length + got[1].length >= TOTAL ? got : undefined;
      }, 30_000, 'every message copied by one of the hosts');

      const partitionsOf = (messages: typeof copies[number]) => new Set(messages.map((m) => m.headers['kafka.partition']));
      const [pa, pb] = copies.map(partitionsOf);
      assert.ok(pa.size > 0 && pb.size > 0, `each host gets partitions (a: ${[...pa]}, b: ${[...pb]})`);
      assert.deepEqual([...pa].filter((p) => pb.has(p)), [], 'no partition is consumed by both');
      const ids = new Set(copies.flat().map((m) => (JSON.parse(m.value!) as { id: number }).id));
      assert.equal(ids.size, TOTAL, 'together they copy every message');
      assert.equal(copies[0].length + copies[1].length, TOTAL, 'and nothing twice');
    } finally {
      for (const h of hosts) await h.close();
    }
  });
});
