// MongoDB benchmarks against the local server (mongo-java-server, or whatever MONGO_URI points at):
// 1. change stream → no-op sink through an mstream job, vs a bare driver watch() loop;
// 2. an mstream job writing to the MongoDB sink, vs a bare insertMany loop.
// Both sides of each pair run in the same process, one after the other, on the same server.
import { BSON, MongoClient, Timestamp } from 'mongodb';
import { definePlugin, utf8, type StreamEvent } from '@mstream/sdk';
import mongodbPlugin from '../../plugins/mongodb/src/index.js';
import { startTestHost } from '../../host/test/test-host.js';
import type { BenchContext, BenchSection, Measurement } from './bench-types.js';
import { fmt, measure } from './measure.js';

const URI = process.env.MONGO_URI ?? 'mongodb://127.0.0.1:27017/?directConnection=true';
const STREAM_EVENTS = Number(process.env.MSTREAM_BENCH_MONGO_EVENTS ?? 10_000);
// mongo-java-server keeps every document and its whole oplog in a 256 MiB heap and never trims
// the oplog, so the sink cases stop at this many documents even when time is left.
const SINK_DOCS = Number(process.env.MSTREAM_BENCH_MONGO_SINK_DOCS ?? 15_000);
const BATCH = 500;

let noopCount = 0;
let genSeq = 0;
const benchPlugin = definePlugin({
  id: 'bench-mongo',
  version: '1.0.0',
  sdk: '^0.1.0',
  register(r) {
    r.service({ provider: 'bench', configSchema: { type: 'object', properties: {} }, connect: () => ({}) });
    r.sink({ provider: 'bench', create: () => ({ write: async (events: StreamEvent[]) => void (noopCount += events.length), close: async () => {} }) });
    // An endless in-memory source of small BSON documents with unique _id.
    r.source({
      provider: 'bench',
      resume: 'none',
      create: () => ({
        open: async () => {},
        read: async (max: number) =>
          Array.from({ length: max }, () => {
            const i = genSeq++;
            return { position: utf8(String(i)), operation: 'insert' as const, payload: BSON.serialize({ _id: i, name: `user-${i}`, n: i % 100 }), encoding: 'bson' as const, attributes: {} };
          }),
        ack: async () => {},
        close: async () => {},
      }),
    });
  },
});

const doc = (i: number) => ({ _id: i, name: `user-${i}`, email: `user${i}@example.com`, n: i % 100, tags: ['a', 'b'] });

async function fill(client: MongoClient, db: string, coll: string): Promise<Timestamp> {
  const start = new Timestamp({ t: Math.floor(Date.now() / 1000) - 1, i: 0 });
  const c = client.db(db).collection<{ _id: number }>(coll);
  for (let i = 0; i < STREAM_EVENTS; i += BATCH) await c.insertMany(Array.from({ length: Math.min(BATCH, STREAM_EVENTS - i) }, (_, j) => doc(i + j)));
  return start;
}

export default async function mongodbBench(ctx: BenchContext): Promise<BenchSection> {
  const client = new MongoClient(URI, { serverSelectionTimeoutMS: 5000 });
  const db = `mstream_bench_${Date.now().toString(36)}`;
  const rows: Array<Record<string, string | number>> = [];
  const row = (name: string, m: Measurement, baseline?: Measurement) =>
    rows.push({ case: name, events: m.events, 'events/s': fmt.rate(m.eventsPerSecond), 'peak RSS MiB': fmt.mib(m.peakRssMiB), 'vs bare driver': baseline ? fmt.ratio(m.eventsPerSecond, baseline.eventsPerSecond) : '1.00 (baseline)' });
  try {
    // --- change stream: both readers consume the same pre-written history from the oplog.
    ctx.log(`writing ${STREAM_EVENTS} documents for the change-stream cases`);
    const bareColl = 'cs_bare';
    const jobColl = 'cs_job';
    const bareStart = await fill(client, db, bareColl);
    const jobStart = await fill(client, db, jobColl);

    const bare = await measure(ctx.durationMs * 3, async (signal, progress) => {
      const stream = client.db(db).collection(bareColl).watch([], { fullDocument: 'updateLookup', startAtOperationTime: bareStart, maxAwaitTimeMS: 200 });
      try {
        while (progress.events < STREAM_EVENTS && !signal.aborted) if (await stream.tryNext()) progress.events++;
      } finally {
        await stream.close();
      }
    });
    ctx.log(`bare watch(): ${fmt.rate(bare.eventsPerSecond)} events/s`);

    const host = await startTestHost({
      plugins: [mongodbPlugin, benchPlugin],
      logLevel: 'warn',
      config: { services: [{ provider: 'mongodb', name: 'm', connection_string: URI, db_name: db }, { provider: 'bench', name: 'b' }] },
    });
    // The host is up before the clock starts: the cases time the job (open, read, write), not the host.
    const runJob = async (definition: Record<string, unknown>, done: () => Promise<boolean>, signal: AbortSignal) => {
      const created = await host.request('POST', '/jobs', definition);
      if (created.status !== 201) throw new Error(`job not created: ${JSON.stringify(created.body)}`);
      while (!signal.aborted && !(await done())) await new Promise((r) => setTimeout(r, 5));
      await host.request('DELETE', `/jobs/${definition.name as string}`);
    };
    const job = await measure(ctx.durationMs * 3, async (signal, progress) => {
      noopCount = 0;
      await runJob(
        {
          name: 'cs-bench',
          source: { service_name: 'm', resource: jobColl, output_encoding: 'bson', options: { start_at_operation_time: jobStart.t, max_await_ms: 200 } },
          sinks: [{ service_name: 'b', resource: 'noop', output_encoding: 'bson' }],
          batch: { kind: 'count', size: BATCH, max_wait_ms: 50 },
        },
        async () => (progress.events = noopCount) >= STREAM_EVENTS,
        signal,
      );
    });
    ctx.log(`mstream job: ${fmt.rate(job.eventsPerSecond)} events/s`);
    row('change stream: bare driver watch() + tryNext loop', bare);
    row('change stream: mstream job → no-op sink (batch 500)', job, bare);

    // --- sink: inserts per second for durationMs each. The job runs first: the in-memory server
    // slows down as it fills, so running the baseline first would flatter it.
    const jobInsert = await measure(ctx.durationMs, async (signal, progress) => {
      genSeq = 0;
      const stored = client.db(db).collection('sink_job');
      await runJob(
        {
          name: 'sink-bench',
          source: { service_name: 'b', resource: 'gen', output_encoding: 'bson' },
          sinks: [{ service_name: 'm', resource: 'sink_job', output_encoding: 'bson' }],
          batch: { kind: 'count', size: BATCH, max_wait_ms: 50 },
        },
        async () => (progress.events = await stored.estimatedDocumentCount()) >= SINK_DOCS,
        signal,
      );
      progress.events = await stored.estimatedDocumentCount();
    });
    ctx.log(`mstream sink job: ${fmt.rate(jobInsert.eventsPerSecond)} docs/s`);
    const bareInsert = await measure(ctx.durationMs, async (signal, progress) => {
      const c = client.db(db).collection<{ _id: number }>('sink_bare');
      let i = 0;
      while (!signal.aborted && progress.events < SINK_DOCS) {
        await c.insertMany(Array.from({ length: BATCH }, () => ({ _id: i, name: `user-${i}`, n: i++ % 100 })), { ordered: false });
        progress.events += BATCH;
      }
    });
    ctx.log(`bare insertMany: ${fmt.rate(bareInsert.eventsPerSecond)} docs/s`);
    row('sink: bare insertMany loop (500 docs per call)', bareInsert);
    row('sink: mstream job (in-memory source) → mongodb sink, insert mode', jobInsert, bareInsert);
    await host.close();
  } finally {
    await client.db(db).dropDatabase().catch(() => undefined);
    await client.close();
  }
  return {
    area: 'mongodb',
    title: 'MongoDB (change-stream source, sink)',
    notes: [
      `Server: ${URI} — on the dev machine that is mongo-java-server 1.47.0 (in-memory, Java, sharing the 2 cores with this process and two other JVMs), so absolute numbers say little about a real replica set; the ratios compare mstream with the bare driver on the same server in the same run.`,
      `Change stream: ${STREAM_EVENTS} small documents are inserted first; each reader then consumes that history from the oplog (startAtOperationTime before the inserts, fullDocument updateLookup), the bare one with a tight tryNext loop, the mstream job through batching (500), conversion, a no-op sink, acks and checkpoints. The host is started before timing; the job's time includes creating and opening it.`,
      `Sink: bare = insertMany of 500 documents per call in a loop; mstream = a job whose in-memory source generates BSON documents, batch 500, writing through the mongodb sink in insert mode (unordered insertMany per batch). Counted from the documents stored. Each sink case stops at ${SINK_DOCS} documents (the in-memory server's heap is small); the host is started before timing.`,
    ],
    rows,
  };
}
