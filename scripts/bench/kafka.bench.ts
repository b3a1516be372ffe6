// Kafka → Kafka with 1 KB JSON messages: the Rust original, mstream jobs (each Kafka client) and a
// bare kafkajs bridge, each in its own process, alternating, on the same pre-filled topic and broker,
// measured from the outside (output topic offsets, /proc CPU and RSS of the process tree).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import kafkajs, { type Admin, type Kafka } from 'kafkajs';
import { freePort } from '../../host/test/test-host.js';
import type { BenchContext, BenchSection } from './bench-types.js';
import { hostCommand, PROFILE_DIR, profileArgs, resultRows, root, runRounds, type CaseSpec, type RunResult } from './kafka/case-rounds.js';
import { meterCopy } from './kafka/copy-window.js';
import { SpawnedCase } from './kafka/spawned-case.js';
import { findOriginalBinary } from './original/original-binary.js';
import { originalKafkaToKafka } from './original/original-config.js';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const MESSAGES = Number(process.env.MSTREAM_BENCH_KAFKA_MESSAGES ?? 200_000);
const ROUNDS = Number(process.env.MSTREAM_BENCH_ROUNDS ?? 3);
// 3 by default (the published table); MSTREAM_BENCH_KAFKA_PARTITIONS=4 gives `tasks = 2` cases an even split.
const PARTITIONS = Number(process.env.MSTREAM_BENCH_KAFKA_PARTITIONS ?? 3);
const BATCH = 500;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** Where a run writes and which group it reads with: fresh for every run. */
interface RunTarget {
  from: string;
  to: string;
  group: string;
  dir: string;
}

function payload(i: number): string {
  const base = JSON.stringify({ id: i, at: Date.now(), pad: '' });
  return base.replace('"pad":""', `"pad":"${'x'.repeat(1024 - base.length)}"`);
}

async function prefill(kafka: Kafka, admin: Admin, topic: string, log: (m: string) => void): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
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

function mstreamCase(id: string, label: string, client: string | undefined, extraConnector: string[] = [], groupMembers?: number): CaseSpec<RunTarget> {
  return {
    id,
    label,
    groupMembers,
    async start(t) {
      const config = [
        '[[services]]',
        'provider = "kafka"',
        'name = "kafka"',
        `"bootstrap.servers" = ${JSON.stringify(BROKERS)}`,
        // kafkajs is the default: its case runs the config a user writes, without the key.
        ...(client && client !== 'kafkajs' ? [`client = ${JSON.stringify(client)}`] : []),
        '',
        '[[connectors]]',
        `name = "bench-copy"`,
        `source = { service_name = "kafka", resource = ${JSON.stringify(t.from)}, input_encoding = "json", output_encoding = "json", options = { group_id = ${JSON.stringify(t.group)}, from_beginning = true } }`,
        `sinks = [{ service_name = "kafka", resource = ${JSON.stringify(t.to)}, output_encoding = "json" }]`,
        `batch = { kind = "count", size = ${BATCH}, max_wait_ms = 50 }`,
        'checkpoint = { enabled = true, interval_ms = 1000 }',
        ...extraConnector,
        '',
      ].join('\n');
      const file = path.join(t.dir, 'mstream.toml');
      await writeFile(file, config);
      const port = await freePort();
      return new SpawnedCase(process.execPath, [...profileArgs(id), ...hostCommand().args, 'start', '--config', file, '--port', String(port), '--data-dir', path.join(t.dir, 'data')], {
        cwd: root,
        env: { ...process.env, MSTREAM_LOG_LEVEL: 'warn' },
      });
    },
  };
}

function originalCase(id: string, label: string, idempotent: boolean): CaseSpec<RunTarget> {
  const found = findOriginalBinary();
  return {
    id,
    label,
    unavailable: 'missing' in found ? found.missing : undefined,
    async start(t) {
      if (!('binary' in found)) throw new Error(found.missing);
      const file = path.join(t.dir, 'mstream-config.toml');
      await writeFile(file, originalKafkaToKafka({ brokers: BROKERS, group: t.group, from: t.from, to: t.to, batchSize: BATCH, idempotent }));
      // Its API listens on MSTREAM_API_PORT (default 8719, which our quickstart may hold): a free one.
      const port = await freePort();
      return new SpawnedCase(found.binary, ['--config', file], { cwd: t.dir, env: { ...process.env, MSTREAM_API_PORT: String(port), RUST_LOG: 'warn' } });
    },
  };
}

function bareCase(id: string, label: string, script: string): CaseSpec<RunTarget> {
  return {
    id,
    label,
    async start(t) {
      return new SpawnedCase(process.execPath, [...profileArgs(id), script], {
        cwd: root,
        env: { ...process.env, BENCH_BROKERS: BROKERS, BENCH_FROM: t.from, BENCH_TO: t.to, BENCH_GROUP: t.group, BENCH_BATCH: String(BATCH) },
      });
    },
  };
}

export default async function kafkaBench(ctx: BenchContext): Promise<BenchSection> {
  const wanted = process.env.MSTREAM_BENCH_KAFKA_CASES?.split(',');
  const clients = (process.env.MSTREAM_BENCH_KAFKA_CLIENTS ?? 'kafkajs,platformatic').split(',');
  const all: CaseSpec<RunTarget>[] = [
    originalCase('original', `Rust original 0.47 (rdkafka), batch ${BATCH}`, false),
    originalCase('original-idempotent', `Rust original 0.47, batch ${BATCH}, enable.idempotence=true`, true),
    ...clients.map((client) => mstreamCase(`mstream-${client}`, `mstream job, client = "${client}", batch ${BATCH}`, client)),
    // Two consumers of the job's group in worker threads (docs/configuration.md, `tasks`).
    ...clients.map((client) => mstreamCase(`mstream-${client}-tasks2`, `mstream job, client = "${client}", batch ${BATCH}, tasks = 2`, client, ['tasks = 2'], 2)),
    bareCase('bare-kafkajs', 'bare kafkajs consume → idempotent produce → commit', path.join(root, 'scripts/bench/kafka/bare-kafkajs-copy.mjs')),
    bareCase('bare-platformatic', 'bare @platformatic/kafka 1.35 consume → idempotent produce → commit', path.join(root, 'scripts/bench/kafka/bare-platformatic-copy.mjs')),
  ];
  const cases = all.filter((c) => !wanted || wanted.includes(c.id));

  const kafka = new kafkajs.Kafka({ clientId: 'mstream-bench', brokers: BROKERS.split(','), logLevel: kafkajs.logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  const from = unique('bench-in');
  await prefill(kafka, admin, from, ctx.log);

  const runOnce = async (spec: CaseSpec<RunTarget>): Promise<RunResult> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), `mstream-bench-${spec.id}-`));
    const target: RunTarget = { from, to: unique(`bench-out-${spec.id}`), group: unique(`bench-${spec.id}`), dir };
    await admin.createTopics({ topics: [{ topic: target.to, numPartitions: PARTITIONS }], waitForLeaders: true });
    const child = await spec.start(target);
    try {
      const members = spec.groupMembers;
      const ready = members
        ? async () => {
            const [group] = (await admin.describeGroups([target.group])).groups;
            return group?.state === 'Stable' && group.members.length >= members;
          }
        : undefined;
      const window = await meterCopy({ admin, topic: target.to, pid: child.pid, expected: MESSAGES, startAfter: BATCH * 2, timeoutMs: 180_000, alive: () => child.alive, ready });
      if (members) ctx.log(`${spec.id}: group stable with ${members} members after ${window.openedAfterSeconds.toFixed(1)} s, ${window.copiedBefore} messages copied before the window`);
      if (!child.alive) return { notRun: `exited with ${child.exitCode}: ${child.reason()}` };
      if (window.messages === 0) return { notRun: `copied nothing: ${child.reason()}` };
      return { window };
    } finally {
      await child.kill(PROFILE_DIR !== undefined);
      await admin.deleteTopics({ topics: [target.to] }).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  };

  let measured;
  try {
    const runnable = cases.filter((c) => !c.unavailable);
    measured = await runRounds({ cases, rounds: ROUNDS, warmUp: runnable.find((c) => c.id === 'bare-kafkajs') ?? runnable[0], runOnce, log: ctx.log });
  } finally {
    await admin.deleteTopics({ topics: [from] }).catch(() => undefined);
    await admin.disconnect();
  }
  const rows = resultRows(cases, measured, [
    { id: 'original', name: 'original' },
    { id: 'original-idempotent', name: 'original idempotent' },
  ]);
  return {
    area: 'kafka',
    title: 'Kafka → Kafka (1 KB JSON): the Rust original, mstream, a bare client',
    rows,
    notes: [
      `A ${PARTITIONS}-partition topic is pre-filled with ${MESSAGES.toLocaleString('en-US')} keyed 1 KB JSON messages. Every run starts one case as its own process, with a fresh consumer group reading from the beginning and a fresh ${PARTITIONS}-partition output topic on the same local broker (Kafka 4.x, one KRaft node), and kills it once everything is copied. ${ROUNDS} rounds, the order of the cases rotating each round, after one untimed warm-up copy; each cell is the median of the runs with the range (min–max).`,
      `Measured from the outside, the same way for every case: the output topic's offsets are read every 100 ms; the window opens when ${BATCH * 2} messages have arrived (connecting and the group join excluded: steady state) and closes when all have. msgs/s is the messages copied in the window over its length; "CPU s per 100k" is the utime + stime of the case's process tree (/proc, all threads) over the window, per 100,000 messages; peak RSS is the highest sampled resident memory of the tree from spawn to the end.`,
      `The Rust original 0.47 (built with \`bash scripts/bench/original/build.sh\` into ~/.cache, never part of this repo) runs its own TOML: one Kafka service (librdkafka defaults plus auto.offset.reset=earliest), batch by count ${BATCH}, JSON → JSON. It commits offsets with librdkafka's auto-commit (every 5 s, whether or not the sink confirmed) and its producer is not idempotent unless asked: the second row adds enable.idempotence=true. mstream jobs commit offsets only after the sink confirmed, with an idempotent acks=all producer, checkpoints every 1 s and metrics; the host is the CLI (${hostCommand().from}) with its REST API and embedded stores. The bare rows are hand-written loops with mstream's guarantees, one per client (kafkajs 2.2.4: eachBatch; @platformatic/kafka 1.35.0: the consumer's stream), each doing one idempotent acks=all send per ${BATCH} messages, then an offset commit: what the client library alone costs.`,
      `The "tasks = 2" rows are the same job with \`tasks = 2\`: two worker threads, each with its own consumer (two members of the group) and producer. Their window opens only once the group is stable with both members (admin describeGroups), so the second member's join and the rebalance it causes are not in the window; with ${PARTITIONS} partitions each task owns ${PARTITIONS % 2 === 0 ? PARTITIONS / 2 : `${Math.ceil(PARTITIONS / 2)} or ${Math.floor(PARTITIONS / 2)}`}.`,
      'One 2-core machine runs the broker JVM, the case and this meter: the ratios within one run say more than the absolute figures, which move by ±15 % between runs.',
    ],
  };
}
