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
import { topicDocuments } from './kafka/topic-documents.js';
import { serverLacksCollMod, startCollModShim, type CollModShim } from './original/mongo-collmod-shim.js';
import { findOriginalBinary } from './original/original-binary.js';
import { originalMongoToKafka } from './original/original-config.js';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const MONGO_URI = process.env.MONGO_URI ?? 'mongodb://127.0.0.1:27017/?directConnection=true';
// mongo-java-server keeps every document and its whole oplog in a small heap: keep the total modest.
const DOCUMENTS = Number(process.env.MSTREAM_BENCH_MONGO_KAFKA_DOCS ?? 10_000);
const ROUNDS = Number(process.env.MSTREAM_BENCH_MONGO_KAFKA_ROUNDS ?? 2);
const BATCH = 500;
// The original flushes a batch only when it is full (no time flush): it copies every document
// only if their number is a multiple of the batch.
if (DOCUMENTS % BATCH !== 0) throw new Error(`MSTREAM_BENCH_MONGO_KAFKA_DOCS must be a multiple of ${BATCH} (the original flushes full batches only)`);
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

function mstreamCase(client: 'kafkajs' | 'platformatic'): CaseSpec<RunTarget> {
  return {
    id: client === 'kafkajs' ? 'mstream' : `mstream-${client}`,
    label: `mstream job, client = "${client}", batch ${BATCH}`,
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
        `client = "${client}"`,
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
      return new SpawnedCase(process.execPath, [...profileArgs(`${client}-m2k`), ...hostCommand().args, 'start', '--config', file, '--port', String(await freePort()), '--data-dir', path.join(t.dir, 'data')], {
        cwd: root,
        env: { ...process.env, MSTREAM_LOG_LEVEL: 'warn' },
      });
    },
  };
}

/** `shim`: the server has no collMod, and the original reaches it through the bench's collMod shim. */
function originalCase(shim: CollModShim | undefined): CaseSpec<RunTarget> {
  const found = findOriginalBinary();
  const mongoUri = shim?.uri ?? MONGO_URI;
  return {
    id: 'original',
    label: `Rust original 0.47, batch ${BATCH}${shim ? ' (via the collMod shim)' : ''}`,
    unavailable: 'missing' in found ? found.missing : undefined,
    async start(t) {
      if (!('binary' in found)) throw new Error(found.missing);
      const file = path.join(t.dir, 'mstream-config.toml');
      await writeFile(file, originalMongoToKafka({ mongoUri, db: t.db, collection: t.collection, brokers: BROKERS, to: t.to, batchSize: BATCH }));
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
 * Change streams start at "now": insert probe documents every 300 ms until one reaches the topic
 * (the case is listening), then say how many probes are there. `perProbe` documents at a time: the
 * original writes only full batches, so it is probed a batch at a time.
 */
async function untilListening(col: Collection, admin: Admin, topic: string, child: SpawnedCase, timeoutMs: number, perProbe: number): Promise<number | string> {
  const started = Date.now();
  let probes = 0;
  while (Date.now() - started < timeoutMs) {
    if (!child.alive) return `exited with ${child.exitCode}: ${child.reason()}`;
    await col.insertMany(Array.from({ length: perProbe }, () => ({ probe: probes++ })));
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

/** Where the cases' change streams come from, and how the original reaches it. */
function serverNote(shim: CollModShim | undefined): string {
  const bounds = 'The server, on the same 2 cores, serves both the inserts and the change streams and bounds every case, so msgs/s says less than CPU per message.';
  if (!shim) return `Server: ${MONGO_URI}, which knows collMod: every case, the original included, connects to it directly. ${bounds}`;
  return [
    `Server: ${MONGO_URI}, mongo-java-server (an in-memory Java stand-in sharing the 2 cores), which has no collMod (error 59, CommandNotFound). The original runs \`collMod <coll> changeStreamPreAndPostImages: {enabled: true}\` once before it watches, and its job dies on that refusal; so here it connects through the bench's collMod shim (scripts/bench/original/mongo-collmod-shim.ts), a TCP proxy on 127.0.0.1 that answers exactly that command itself with {ok: 1} (${shim.answered()} times this run: once per start of the original) and passes every other byte through unchanged, both ways.`,
    'That is fair to both sides: the answered call is a one-time set-up step, and everything measured (the change stream\'s aggregate and getMore calls, the BSON → JSON conversion, the Kafka writes) is the stand-in\'s and the original\'s own work; the proxy\'s CPU is the bench process\'s, not the case\'s, and its extra local hop per round trip can only slow the original. The stand-in keeps no pre-images, so the original\'s fullDocumentBeforeChange: whenAvailable returns none, as on a MongoDB with pre-images off; they would only matter for deletes, and this run inserts.',
    `The bench uses the shim only when the server answers that collMod with error 59 (asked once, on a scratch collection); against a real MongoDB 6+ replica set (MONGO_URI=…, e.g. the docker-compose one) the original connects directly. ${bounds}`,
  ].join(' ');
}

export default async function mongoKafkaBench(ctx: BenchContext): Promise<BenchSection> {
  const loadBefore = os.loadavg()[0];
  const kafka = new kafkajs.Kafka({ clientId: 'mstream-bench', brokers: BROKERS.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const mongo = await MongoClient.connect(MONGO_URI);
  const db = unique('bench_m2k').replace(/-/g, '_');
  // A server without collMod (the dev stand-in) gets the original through the bench's collMod
  // shim; a real MongoDB (MONGO_URI=…) is met directly.
  const shim: CollModShim | undefined = (await serverLacksCollMod(mongo.db(db))) ? await startCollModShim(MONGO_URI) : undefined;
  if (shim) ctx.log(`${MONGO_URI} has no collMod: the original connects through the collMod shim on 127.0.0.1:${shim.port}`);
  const cases = [originalCase(shim), mstreamCase('kafkajs'), mstreamCase('platformatic'), bareCase()];

  const runOnce = async (spec: CaseSpec<RunTarget>): Promise<RunResult> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), `mstream-bench-m2k-${spec.id}-`));
    const target: RunTarget = { db, collection: unique(`c_${spec.id}`).replace(/-/g, '_'), to: unique(`bench-m2k-${spec.id}`), dir };
    await admin.createTopics({ topics: [{ topic: target.to, numPartitions: PARTITIONS }], waitForLeaders: true });
    const col = mongo.db(db).collection(target.collection);
    await col.insertOne({ created: true });
    const child = await spec.start(target);
    try {
      const base = await untilListening(col, admin, target.to, child, 30_000, spec.id === 'original' ? BATCH : 1);
      if (typeof base === 'string') return { notRun: base };
      const metering = meterCopy({ admin, topic: target.to, pid: child.pid, expected: base + DOCUMENTS, startAfter: base + BATCH, timeoutMs: 120_000, alive: () => child.alive });
      for (let i = 0; i < DOCUMENTS; i += 1000) await col.insertMany(Array.from({ length: Math.min(1000, DOCUMENTS - i) }, (_, j) => document(i + j)));
      const window = await metering;
      if (!child.alive) return { notRun: `exited with ${child.exitCode}: ${child.reason()}` };
      // The offsets moved by the right amount; check they are the documents, each once.
      const held = await topicDocuments(kafka, target.to, base + DOCUMENTS, DOCUMENTS);
      ctx.log(`${spec.id}: topic holds ${held.messages} messages (${base} probes counted before the run), ${held.withN} documents, ${held.distinct} distinct of ${DOCUMENTS}`);
      if (held.distinct !== DOCUMENTS || held.withN !== DOCUMENTS) return { notRun: `its topic holds ${held.withN} documents (${held.distinct} distinct), not the ${DOCUMENTS} inserted` };
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
    await shim?.close();
    await admin.disconnect();
  }
  return {
    area: 'mongo-kafka',
    title: 'MongoDB change stream → Kafka: the Rust original, mstream, a bare bridge',
    rows: resultRows(cases, measured, [{ id: 'original', name: 'original' }, { id: 'bare', name: 'bare' }]),
    notes: [
      `Each run starts one case as its own process on a fresh collection and a fresh 3-partition topic, inserts probe documents until one reaches the topic (change streams start at "now"), then inserts ${DOCUMENTS.toLocaleString('en-US')} documents of ~250 B in insertMany calls of 1,000, and measures like the Kafka → Kafka section: the window opens once ${BATCH} of them are in the topic and closes when all are; CPU is the process tree's utime + stime over the window, per 100,000 messages. ${ROUNDS} rounds, rotating, after an untimed warm-up; medians with (min–max).`,
      `Shapes: the original runs examples/mongo_to_kafka.toml's connector (source output_encoding bson, Kafka sink json) with batch by count ${BATCH}; the mstream job the same with batch ${BATCH} (max wait 50 ms), checkpoints every 1 s, raw_documents (the default); the bare bridge is the mongodb driver's watch() (fullDocument updateLookup) with tryNext, sending JSON documents to Kafka with an idempotent kafkajs producer per ${BATCH} or when the stream is idle.`,
      `The original flushes a batch only when it holds ${BATCH} documents (no time flush), so it is probed ${BATCH} documents at a time and the document count must be a multiple of ${BATCH}. After each run the topic is read back: a row counts a run only if its topic holds each of the ${DOCUMENTS.toLocaleString('en-US')} documents exactly once (by their field n), besides the probes. What differs by design: the original's Kafka producer is librdkafka's default (not idempotent; the Kafka → Kafka section measures what enable.idempotence costs it) and it keeps no checkpoints (the example's connector has none); the mstream job and the bare bridge produce idempotently, and the job checkpoints every 1 s.`,
      serverNote(shim),
      `One 2-core machine runs the MongoDB server, the Kafka broker, the case and this meter (1-minute load average ${loadBefore.toFixed(1)} at the start of this run, ${os.loadavg()[0].toFixed(1)} at the end): compare the rows of one run.`,
    ],
  };
}
