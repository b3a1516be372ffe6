// Kafka → Kafka JSON pass-through with 1 KB messages: an mstream job (real host in-process) against a
// bare kafkajs consume → produce → commit loop doing the same work on the same broker, in one run.
import { randomBytes } from 'node:crypto';
import kafkajs, { type Kafka } from 'kafkajs';
import { startTestHost } from '../../host/test/test-host.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import type { BenchContext, BenchSection, Measurement } from './bench-types.js';
import { fmt, measure } from './measure.js';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const MESSAGES = Number(process.env.MSTREAM_BENCH_KAFKA_MESSAGES ?? 200_000);
const PARTITIONS = 3;
const BATCH = 500;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

function payload(i: number): string {
  const base = JSON.stringify({ id: i, at: Date.now(), pad: '' });
  return base.replace('"pad":""', `"pad":"${'x'.repeat(1024 - base.length)}"`);
}

async function prefill(kafka: Kafka, topic: string, log: (m: string) => void): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  await producer.connect();
  const started = Date.now();
  const chunk = 2000;
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < MESSAGES; i += chunk) {
    const messages = Array.from({ length: Math.min(chunk, MESSAGES - i) }, (_, j) => ({ key: `k${(i + j) % 1000}`, value: payload(i + j) }));
    inFlight.push(producer.send({ topic, messages, acks: 1 }));
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await producer.disconnect();
  log(`pre-filled ${topic} with ${MESSAGES} × 1 KB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The baseline: what a hand-written kafkajs bridge with the same guarantees does (produce, then commit). */
async function bareLoop(kafka: Kafka, from: string, to: string, durationMs: number): Promise<Measurement> {
  const consumer = kafka.consumer({ groupId: unique('bench-bare'), maxWaitTimeInMs: 500 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topics: [from], fromBeginning: true });
  const stop = new AbortController();
  let copied = 0;
  try {
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
        for (let i = 0; i < batch.messages.length && isRunning() && !stop.signal.aborted; i += BATCH) {
          const slice = batch.messages.slice(i, i + BATCH);
          await producer.send({ topic: to, acks: -1, messages: slice.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) });
          const last = slice[slice.length - 1].offset;
          await consumer.commitOffsets([{ topic: from, partition: batch.partition, offset: String(BigInt(last) + 1n) }]);
          resolveOffset(last);
          copied += slice.length;
          await heartbeat();
        }
      },
    });
    // Steady state: the clock starts once the first batch went through (group join excluded).
    while (copied === 0) await new Promise((r) => setTimeout(r, 20));
    const base = copied;
    return await measure(durationMs, async (signal, progress) => {
      while (!signal.aborted && copied < MESSAGES) {
        await new Promise((r) => setTimeout(r, 50));
        progress.events = copied - base;
      }
      progress.events = copied - base;
    });
  } finally {
    stop.abort();
    await consumer.disconnect();
    await producer.disconnect();
  }
}

async function mstreamJob(from: string, to: string, durationMs: number): Promise<Measurement> {
  const name = unique('bench-job');
  const h = await startTestHost({
    discover: false,
    plugins: [kafkaPlugin],
    config: {
      services: [{ provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS }],
      connectors: [{
        name,
        source: { service_name: 'kafka', resource: from, input_encoding: 'json', output_encoding: 'json' },
        sinks: [{ service_name: 'kafka', resource: to, output_encoding: 'json' }],
        batch: { kind: 'count', size: BATCH, max_wait_ms: 50 },
        checkpoint: { enabled: true, interval_ms: 1000 },
      }],
    },
  });
  const processed = async () => ((await h.request('GET', `/jobs/${name}/metrics`)).body.events_processed as number | undefined) ?? 0;
  try {
    // Steady state: the clock starts once the first batch went through (group join excluded).
    let base = 0;
    while (base === 0) {
      await new Promise((r) => setTimeout(r, 20));
      base = await processed();
    }
    return await measure(durationMs, async (signal, progress) => {
      let done = base;
      while (!signal.aborted && done < MESSAGES) {
        await new Promise((r) => setTimeout(r, 50));
        done = await processed();
        progress.events = done - base;
      }
    });
  } finally {
    await h.close();
  }
}

export default async function kafkaBench(ctx: BenchContext): Promise<BenchSection> {
  const kafka = new kafkajs.Kafka({ clientId: 'mstream-bench', brokers: BROKERS.split(','), logLevel: kafkajs.logLevel.ERROR });
  const from = unique('bench-in');
  await prefill(kafka, from, ctx.log);

  const bare = await bareLoop(kafka, from, unique('bench-out-bare'), ctx.durationMs);
  ctx.log(`bare kafkajs loop: ${fmt.rate(bare.eventsPerSecond)} events/s`);
  const job = await mstreamJob(from, unique('bench-out-job'), ctx.durationMs);
  ctx.log(`mstream job: ${fmt.rate(job.eventsPerSecond)} events/s`);

  const row = (name: string, m: Measurement) => ({
    case: name,
    events: m.events,
    seconds: m.seconds.toFixed(1),
    'events/s': fmt.rate(m.eventsPerSecond),
    'peak RSS MiB': fmt.mib(m.peakRssMiB),
    'RSS growth MiB': fmt.mib(m.rssGrowthMiB),
    'vs bare': fmt.ratio(m.eventsPerSecond, bare.eventsPerSecond),
  });
  return {
    area: 'kafka',
    title: 'Kafka → Kafka pass-through (1 KB JSON)',
    rows: [row('bare kafkajs consume → produce → commit', bare), row(`mstream job (batch ${BATCH})`, job)],
    notes: [
      `A 3-partition topic is pre-filled with ${MESSAGES.toLocaleString('en-US')} keyed 1 KB JSON messages. Each case reads it from the beginning with its own consumer group and copies it to its own fresh topic on the same local broker (Kafka 4.4, one KRaft node, 512 MB heap), until it has copied everything or the time is up. The clock starts when the first batch has gone through, so group joins and connects are not counted (steady state).`,
      `Baseline: a hand-written kafkajs 2.2.4 loop with the same guarantees as the job — eachBatch, then per ${BATCH} messages one idempotent send with acks=all, then an offset commit. The mstream job runs in a real in-process host (REST API, checkpoints every second, metrics) with batch size ${BATCH}; its events/s is read from the job's metrics. The JSON → JSON step is a pass-through (no decode).`,
      'Both cases share the process and the 2-core machine with the broker JVM, so the numbers are a ratio more than absolutes; peak RSS includes everything in the process (the host, for the job).',
    ],
  };
}
