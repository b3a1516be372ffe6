// MongoDB change stream → Kafka (the original's examples/mongo_to_kafka.toml shape): the Rust
// original, an mstream job and a bare driver → kafkajs bridge, each in its own process, alternating,
// fed the same inserts, measured from the outside (output topic offsets, /proc CPU and RSS).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import kafkajs, { type Admin } from 'kafkajs';
import { MongoClient, type Collection } from 'mongodb';
import { freePort } from '../../host/test/test-host.js';
import type { BenchContext, BenchSection } from './bench-types.js';
import { hostCommand, PROFILE_DIR, profileArgs, resultRows, root, runRounds, type CaseSpec, type RunResult } from './kafka/case-rounds.js';
import { meterCopy, outputCount } from './kafka/copy-window.js';
import { SpawnedCase } from './kafka/spawned-case.js';
import { findOriginalBinary } from './original/original-binary.js';
import { originalMongoToKafka } from './original/original-config.js';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const MONGO_URI = process.env.MONGO_URI ?? 'mongodb://127.0.0.1:27017/?directConnection=true';
// mongo-java-server keeps every document and its whole oplog in a small heap: keep the total modest.
const DOCUMENTS = Number(process.env.MSTREAM_BENCH_MONGO_KAFKA_DOCS ?? 10_000);
const ROUNDS = Number(process.env.MSTREAM_BENCH_MONGO_KAFKA_ROUNDS ?? 2);
const BATCH = 500;
const PARTITIONS = 3;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

interface RunTarget {
  db: string;
  collection: string;
  to: string;
  dir: string;
}

function document(i: number) {
  return { n: i, email: `person${i}@example.com`, name: `Person ${i}`, tier: ['free', 'pro', 'team'][i % 3], score: i * 1.5, tags: ['a', 'b', 'c'], note: 'x'.repeat(120) };
}

function mstreamCase(): CaseSpec<RunTarget> {
  return {
    id: 'mstream',
    label: `mstream job, batch ${BATCH}`,
    async start(t) {
      const config = [
        '[[services]]',
        'provider = "mongodb"',
        'name = "mongo"',
        `connection_string = ${JSON.stringify(MONGO_URI)}`,
        `db_name = ${JSON.stringify(t.db)}`,
        '',
        '[[services]]',
        'provider = "kafka"',
        'name = "kafka"',
        `"bootstrap.servers" = ${JSON.stringify(BROKERS)}`,
        '',
        '[[connectors]]',
        'name = "bench-m2k"',
        `source = { service_name = "mongo", resource = ${JSON.stringify(t.collection)}, output_encoding = "bson" }`,
        `sinks = [{ service_name = "kafka", resource = ${JSON.stringify(t.to)}, output_encoding = "json" }]`,
        `batch = { kind = "count", size = ${BATCH}, max_wait_ms = 50 }`,
        'checkpoint = { enabled = true, interval_ms = 1000 }',
        '',
      ].join('\n');
      const file = path.join(t.dir, 'mstream.toml');
      await writeFile(file, config);
      return new SpawnedCase(process.execPath, [...profileArgs('mstream-m2k'), ...hostCommand().args, 'start', '--config', file, '--port', String(await freePort()), '--data-dir', path.join(t.dir, 'data')], {
        cwd: root,
        env: { ...process.env, MSTREAM_LOG_LEVEL: 'warn' },
      });
    },
  };
}

function originalCase(): CaseSpec<RunTarget> {
  const found = findOriginalBinary();
  return {
    id: 'original',
    label: `Rust original 0.47, batch ${BATCH}`,
    unavailable: 'missing' in found ? found.missing : undefined,
    async start(t) {
      if (!('binary' in found)) throw new Error(found.missing);
      const file = path.join(t.dir, 'mstream-config.toml');
      await writeFile(file, originalMongoToKafka({ mongoUri: MONGO_URI, db: t.db, collection: t.collection, brokers: BROKERS, to: t.to, batchSize: BATCH }));
      return new SpawnedCase(found.binary, ['--config', file], { cwd: t.dir, env: { ...process.env, MSTREAM_API_PORT: String(await freePort()), RUST_LOG: 'info' } });
    },
  };
}

function bareCase(): CaseSpec<RunTarget> {
  return {
    id: 'bare',
    label: 'bare mongodb watch() → kafkajs idempotent produce',
    async start(t) {
      return new SpawnedCase(process.execPath, [...profileArgs('bare-m2k'), path.join(root, 'scripts/bench/kafka/bare-mongo-kafka-copy.mjs')], {
        cwd: root,
        env: { ...process.env, BENCH_BROKERS: BROKERS, BENCH_MONGO_URI: MONGO_URI, BENCH_DB: t.db, BENCH_COLLECTION: t.collection, BENCH_TO: t.to, BENCH_BATCH: String(BATCH) },
      });
    },
  };
}

/**
 * Change streams start at "now": insert one probe document every 300 ms until one reaches the
 * topic (the case is listening), then say how many probes are there.
 */
async function untilListening(col: Collection, admin: Admin, topic: string, child: SpawnedCase, timeoutMs: number): Promise<number | string> {
  const started = Date.now();
  let probes = 0;
  while (Date.now() - started < timeoutMs) {
    if (!child.alive) return `exited with ${child.exitCode}: ${child.reason()}`;
    await col.insertOne({ probe: probes++ });
    await new Promise((r) => setTimeout(r, 300));
    const copied = await outputCount(admin, topic).catch(() => 0);
    if (copied > 0) {
      // Let the probes still in flight land, so the count the window starts from is settled.
      await new Promise((r) => setTimeout(r, 500));
      return outputCount(admin, topic);
    }
  }
  return `nothing reached the topic within ${timeoutMs / 1000} s of inserting probes: ${child.reason()}`;
}

export default async function mongoKafkaBench(ctx: BenchContext): Promise<BenchSection> {
  const cases = [originalCase(), mstreamCase(), bareCase()];
  const kafka = new kafkajs.Kafka({ clientId: 'mstream-bench', brokers: BROKERS.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const mongo = await MongoClient.connect(MONGO_URI);
  const db = unique('bench_m2k').replace(/-/g, '_');

  const runOnce = async (spec: CaseSpec<RunTarget>): Promise<RunResult> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), `mstream-bench-m2k-${spec.id}-`));
    const target: RunTarget = { db, collection: unique(`c_${spec.id}`).replace(/-/g, '_'), to: unique(`bench-m2k-${spec.id}`), dir };
    await admin.createTopics({ topics: [{ topic: target.to, numPartitions: PARTITIONS }], waitForLeaders: true });
    const col = mongo.db(db).collection(target.collection);
    await col.insertOne({ created: true });
    const child = await spec.start(target);
    try {
      const base = await untilListening(col, admin, target.to, child, 30_000);
      if (typeof base === 'string') return { notRun: base };
      const metering = meterCopy({ admin, topic: target.to, pid: child.pid, expected: base + DOCUMENTS, startAfter: base + BATCH, timeoutMs: 120_000, alive: () => child.alive });
      for (let i = 0; i < DOCUMENTS; i += 1000) await col.insertMany(Array.from({ length: Math.min(1000, DOCUMENTS - i) }, (_, j) => document(i + j)));
      const window = await metering;
      if (!child.alive) return { notRun: `exited with ${child.exitCode}: ${child.reason()}` };
      return { window };
    } finally {
      await child.kill(PROFILE_DIR !== undefined);
      await admin.deleteTopics({ topics: [target.to] }).catch(() => undefined);
      await col.drop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  };

  let measured;
  try {
    measured = await runRounds({ cases, rounds: ROUNDS, warmUp: cases.find((c) => c.id === 'bare'), runOnce, log: ctx.log });
  } finally {
    await mongo.db(db).dropDatabase().catch(() => undefined);
    await mongo.close();
    await admin.disconnect();
  }
  return {
    area: 'mongo-kafka',
    title: 'MongoDB change stream → Kafka: the Rust original, mstream, a bare bridge',
    rows: resultRows(cases, measured, [{ id: 'original', name: 'original' }, { id: 'bare', name: 'bare' }]),
    notes: [
      `Each run starts one case as its own process on a fresh collection and a fresh 3-partition topic, inserts probe documents until one reaches the topic (change streams start at "now"), then inserts ${DOCUMENTS.toLocaleString('en-US')} documents of ~250 B in insertMany calls of 1,000, and measures like the Kafka → Kafka section: the window opens once ${BATCH} of them are in the topic and closes when all are; CPU is the process tree's utime + stime over the window, per 100,000 messages. ${ROUNDS} rounds, rotating, after an untimed warm-up; medians with (min–max).`,
      `Shapes: the original runs examples/mongo_to_kafka.toml's connector (source output_encoding bson, Kafka sink json) with batch by count ${BATCH}; the mstream job the same with batch ${BATCH} (max wait 50 ms), checkpoints every 1 s, raw_documents (the default); the bare bridge is the mongodb driver's watch() (fullDocument updateLookup) with tryNext, sending JSON documents to Kafka with an idempotent kafkajs producer per ${BATCH} or when the stream is idle.`,
      `Server: ${MONGO_URI}. On the dev machine that is mongo-java-server (an in-memory Java stand-in sharing the 2 cores), which the original cannot use: before watching, it enables pre- and post-images with collMod changeStreamPreAndPostImages, which mongo-java-server does not know (error 59), so its row says "not run" here and runs against a real MongoDB 6+ replica set (MONGO_URI=…, e.g. the docker-compose one). The insert rate of the stand-in bounds every case, so msgs/s says little and CPU per message says more.`,
    ],
  };
}
