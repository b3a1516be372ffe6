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
    // The in-memory Java server's speed drifts as its oplog and heap grow, so the cases run in
    // A-B-B-A order and each side reports the mean of its two runs. Each collection is filled
    // right before it is read: a change stream scans every oplog entry after its start time, so
    // filling all collections first would make the earliest reader skip the others' entries.
    const starts = new Map<string, Timestamp>();

    const host = await startTestHost({
      plugins: [mongodbPlugin, benchPlugin],
      logLevel: 'warn',
      config: { services: [{ provider: 'mongodb', name: 'm', connection_string: URI, db_name: db }, { provider: 'bench', name: 'b' }] },
    });
    const processed = (name: string) => host.host.jobs!.metrics(name)?.eventsProcessed ?? 0;
    const startJob = async (definition: Record<string, unknown>, started: () => boolean) => {
      const created = await host.request('POST', '/jobs', definition);
      if (created.status !== 201) throw new Error(`job not created: ${JSON.stringify(created.body)}`);
      while (!started()) await new Promise((r) => setTimeout(r, 1));
    };
    const poll = async (signal: AbortSignal, done: () => boolean) => {
      while (!signal.aborted && !done()) await new Promise((r) => setTimeout(r, 20));
    };

    // Both readers are timed from their first event on, so connecting and opening the stream
    // (a service connect for the job) is not counted on either side: steady-state throughput.
    const bareRun = async (coll: string) => {
      starts.set(coll, await fill(client, db, coll));
      const stream = client.db(db).collection(coll).watch([], { fullDocument: 'updateLookup', startAtOperationTime: starts.get(coll), maxAwaitTimeMS: 200 });
      while (!(await stream.tryNext())) { /* wait for the first event */ }
      return measure(ctx.durationMs * 3, async (signal, progress) => {
        progress.events = 1;
        try {
          while (progress.events < STREAM_EVENTS && !signal.aborted) if (await stream.tryNext()) progress.events++;
        } finally {
          await stream.close();
        }
      });
    };
    const jobRun = async (coll: string) => {
      starts.set(coll, await fill(client, db, coll));
      noopCount = 0;
      const name = `cs-${coll}`;
      await startJob(
        {
          name,
          source: { service_name: 'm', resource: coll, output_encoding: 'bson', options: { start_at_operation_time: starts.get(coll)!.t, max_await_ms: 200, full_document_before_change: 'off' } },
          sinks: [{ service_name: 'b', resource: 'noop', output_encoding: 'bson' }],
          batch: { kind: 'count', size: BATCH, max_wait_ms: 50 },
        },
        () => noopCount > 0,
      );
      const first = noopCount;
      const result = await measure(ctx.durationMs * 3, async (signal, progress) => {
        await poll(signal, () => (progress.events = noopCount - first) >= STREAM_EVENTS - first);
      });
      await host.request('DELETE', `/jobs/${name}`);
      return result;
    };
    const mean = (x: Measurement, y: Measurement): Measurement => ({
      events: x.events + y.events,
      seconds: x.seconds + y.seconds,
      eventsPerSecond: (x.events + y.events) / (x.seconds + y.seconds),
      peakRssMiB: Math.max(x.peakRssMiB, y.peakRssMiB),
      rssGrowthMiB: Math.max(x.rssGrowthMiB, y.rssGrowthMiB),
    });
    const bare1 = await bareRun('cs_bare_1');
    const job1 = await jobRun('cs_job_1');
    const job2 = await jobRun('cs_job_2');
    const bare2 = await bareRun('cs_bare_2');
    const bare = mean(bare1, bare2);
    const job = mean(job1, job2);
    ctx.log(`bare watch(): ${fmt.rate(bare1.eventsPerSecond)} / ${fmt.rate(bare2.eventsPerSecond)} events/s; job: ${fmt.rate(job1.eventsPerSecond)} / ${fmt.rate(job2.eventsPerSecond)}`);
    row('change stream: bare driver watch() + tryNext loop (mean of 2)', bare);
    row('change stream: mstream job → no-op sink, batch 500 (mean of 2)', job, bare);

    // --- sink: inserts per second for durationMs each, counted by the writer itself (job metrics
    // on one side, insertMany results on the other) so no polling query competes with the writes.
    genSeq = 0;
    await startJob(
      {
        name: 'sink-bench',
        source: { service_name: 'b', resource: 'gen', output_encoding: 'bson' },
        sinks: [{ service_name: 'm', resource: 'sink_job', output_encoding: 'bson' }],
        batch: { kind: 'count', size: BATCH, max_wait_ms: 50 },
      },
      () => processed('sink-bench') > 0,
    );
    const sinkStart = processed('sink-bench');
    const jobInsert = await measure(ctx.durationMs, async (signal, progress) => {
      await poll(signal, () => (progress.events = processed('sink-bench') - sinkStart) >= SINK_DOCS);
    });
    await host.request('DELETE', '/jobs/sink-bench');
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
      `Change stream: ${STREAM_EVENTS} small documents are inserted into a fresh collection right before each run; the reader then consumes that history from the oplog (startAtOperationTime before the inserts, fullDocument updateLookup), the bare one with a tight tryNext loop, the mstream job through batching (500), conversion, a no-op sink, acks and checkpoints (pre-images off, as the bare loop does not ask for them). Both are timed from their first event on (steady state: opening the stream and connecting the service are not counted).`,
      `Sink: bare = insertMany of 500 documents per call in a loop; mstream = a job whose in-memory source generates BSON documents, batch 500, writing through the mongodb sink in insert mode (unordered insertMany per batch). Counted by the writers (job metrics; insertMany calls), timed from the first write. Each sink case stops at ${SINK_DOCS} documents (the in-memory server's heap is small); the host is started before timing.`,
    ],
    rows,
  };
}
