import type { Admin } from 'kafkajs';
import { BROKERS, bareKafka, createTopic, produce, readTopic, unique } from '../../test/kafka/kafka-helpers.js';
import { ChaosFailure, HostProcess, check, n, waitFor, withTempDir, type Mode, type Row } from './lib.js';

const KILLS = 3;

type Delivery = 'at_least_once' | 'exactly_once';

// A short session: the member a SIGKILL leaves behind is evicted after 6 s (the broker's
// minimum), not 30 s, before the restarted host's consumer gets its partitions.
function config(job: string, from: string, to: string, delivery: Delivery, batch: number): string {
  return `[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "${BROKERS}"
"session.timeout.ms" = "6000"
"heartbeat.interval.ms" = "1000"

[[connectors]]
name = "${job}"
delivery = "${delivery}"
source = { service_name = "kafka", resource = "${from}", input_encoding = "json", output_encoding = "json" }
sinks = [{ service_name = "kafka", resource = "${to}", output_encoding = "json", options = { key_field = "key" } }]
batch = { kind = "count", size = ${batch}, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 200 }
retry = { initial_backoff_ms = 100, max_backoff_ms = 1000 }
`;
}

/**
 * kill -9 three times while a Kafka → Kafka job copies a topic (3 partitions), restarted on the
 * same data dir each time; then a read_committed reader counts the output topic.
 */
export function killKafkaToKafka(delivery: Delivery) {
  return async (mode: Mode): Promise<Omit<Row, 'seconds'>> => {
    const total = mode.quick ? 6000 : 20_000;
    const step = Math.floor(total / 6);
    const kafka = bareKafka();
    const from = unique(`chaos-${delivery}-in`);
    const to = unique(`chaos-${delivery}-out`);
    const job = unique(`chaos-${delivery === 'exactly_once' ? 'eo' : 'alo'}`);
    await createTopic(kafka, from, 3);
    await createTopic(kafka, to, 3);
    await produce(kafka, from, Array.from({ length: total }, (_, i) => ({ key: `k${i % 31}`, value: JSON.stringify({ id: i, key: `k${i % 31}` }) })));
    const admin: Admin = kafka.admin();
    await admin.connect();
    const committed = async () => {
      const [entry] = await admin.fetchOffsets({ groupId: `mstream-${job}`, topics: [from] });
      return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    };
    try {
      return await withTempDir(delivery, async (dir) => {
        const host = await HostProcess.create(dir, config(job, from, to, delivery, 100));
        const killedAt: number[] = [];
        try {
          for (let run = 0; run < KILLS; run++) {
            const before = await committed();
            host.start();
            await host.ready();
            const moved = await waitFor(async () => (await committed()) >= before + step, 60_000, 25);
            check(moved, `run ${run + 1}: the group did not commit ${step} more offsets within 60 s (from ${before}):\n${host.tail()}`);
            await host.kill9();
            killedAt.push(await committed());
          }
          check(killedAt[KILLS - 1]! < total, `the last kill was not mid-stream (${killedAt.join(', ')} of ${total} committed)`);
          host.start();
          await host.ready();
          const done = await waitFor(async () => (await committed()) >= total, 120_000, 200);
          check(done, `the last run did not commit every offset within 120 s (${await committed()} of ${total}):\n${host.tail()}`);
          const state = (await host.request('GET', `/jobs/${job}`)).body?.state as string | undefined;
          await host.stop();
          const got = await readTopic(kafka, to, total, 60_000, 2000, 'read_committed');
          const ids = got.map((m) => (JSON.parse(m.value!) as { id: number }).id);
          const distinct = new Set(ids);
          const lost = Array.from({ length: total }, (_, i) => i).filter((i) => !distinct.has(i)).length;
          const duplicates = ids.length - distinct.size;
          let aborted = '';
          if (delivery === 'exactly_once') {
            const raw = await readTopic(kafka, to, total, 20_000, 1000, 'read_uncommitted');
            aborted = `; read_uncommitted sees ${n(raw.length)}`;
          }
          const setup = `Kafka → Kafka, ${delivery}, ${n(total)} messages, 3 partitions, batches of 100, read_committed reader, 3 × kill -9`;
          const figures = `unique ${n(distinct.size)}, total ${n(ids.length)}, lost ${lost}, duplicates ${n(duplicates)}${aborted}; killed at ${killedAt.map(n).join(' / ')} committed offsets; job ${state ?? '?'}`;
          const reasons: string[] = [];
          if (lost > 0) reasons.push(`${lost} lost`);
          if (delivery === 'exactly_once' && duplicates > 0) reasons.push(`${duplicates} duplicates with exactly_once`);
          return { scenario: 'kill -9 mid-stream', setup, figures, ok: reasons.length === 0, reason: reasons.join(', ') };
        } catch (error) {
          if (error instanceof ChaosFailure) throw error;
          throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
        } finally {
          await host.kill9();
        }
      });
    } finally {
      await admin.disconnect();
    }
  };
}
