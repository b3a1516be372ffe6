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
const STREAM_EVENTS = Number(process.env.MSTREAM_BENCH_MONGO_EVENTS ?? 20_000);
// An untimed first pass of each reader, so neither timed run pays for cold code (JIT, heap sizing).
const WARMUP_EVENTS = Number(process.env.MSTREAM_BENCH_MONGO_WARMUP_EVENTS ?? 5_000);
// A-B-B-A rounds of the change-stream cases (each collection is dropped after its run, but the
// server's oplog keeps every insert: about 300,000 documents fill mongo-java-server's heap).
const ROUNDS = Number(process.env.MSTREAM_BENCH_MONGO_ROUNDS ?? 2);
// mongo-java-server keeps every document and its whole oplog in a 256 MiB heap and never trims
// the oplog, so the sink cases stop at this many documents even when time is left.
const SINK_DOCS = Number(process.env.MSTREAM_BENCH_MONGO_SINK_DOCS ?? 15_000);
const BATCH = 500;
// MSTREAM_BENCH_MONGO_RAW=0 runs the job with raw_documents off (decode and re-encode each document), for comparison.
const RAW_DOCUMENTS = process.env.MSTREAM_BENCH_MONGO_RAW !== '0';

/** One change-stream run: steady state (from the first event), plus the same run timed from open. */
type Run = Measurement & { fromOpen: Measurement };

let noopCount = 0;
// Marks for the change-stream job: when the no-op sink got its first batch and when it reached
// the target, taken in the sink itself, as the bare loop takes them around its own reads
// (polling from outside would add up to a poll period to the job, or let its reader run ahead).
let noopWatch: { target: number; firstAt?: number; firstCount?: number; endAt?: number; reached: () => void } | undefined;
let genSeq = 0;
const benchPlugin = definePlugin({
  id: 'bench-mongo',
  version: '1.0.0',
  sdk: '^0.1.0',
  register(r) {
    r.service({ provider: 'bench', configSchema: { type: 'object', properties: {} }, connect: () => ({}) });
    r.sink({
      provider: 'bench',
      create: () => ({
        write: async (events: StreamEvent[]) => {
          noopCount += events.length;
          const watch = noopWatch;
          if (!watch || watch.endAt !== undefined) return;
          if (watch.firstAt === undefined) {
            watch.firstAt = performance.now();
            watch.firstCount = noopCount;
          }
          if (noopCount >= watch.target) {
            watch.endAt = performance.now();
            watch.reached();
          }
        },
        close: async () => {},
      }),
    });
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

async function fill(client: MongoClient, db: string, coll: string, count: number): Promise<Timestamp> {
  const start = new Timestamp({ t: Math.floor(Date.now() / 1000) - 1, i: 0 });
  const c = client.db(db).collection<{ _id: number }>(coll);
  for (let i = 0; i < count; i += BATCH) await c.insertMany(Array.from({ length: Math.min(BATCH, count - i) }, (_, j) => doc(i + j)));
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
    // A-B-B-A order (repeated, see ROUNDS) and each side reports its median run. Each collection is filled
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
    // The bare loop's clock stops at its last event (closing the stream is not counted); the
    // job's runs from its first batch reaching the sink to the sink seeing the last event.
    // `measure` only supplies the RSS samples here; both clocks are read at those exact points.
    // Each run also reports its rate from open: from just before the bare loop calls watch(), or
    // the bench posts the job, to the last event. That counts the server's work on the stream's
    // first batch (the whole history on mongo-java-server), so a job that asks the server for
    // more (its raw-documents stage) pays for it there; the job side also pays for creating the job.
    const firstEventMs = { bare: [] as number[], job: [] as number[] };
    const bareRun = async (coll: string, events = STREAM_EVENTS): Promise<Run> => {
      starts.set(coll, await fill(client, db, coll, events));
      let seconds = 0;
      let fromOpenSeconds = 0;
      // Opened inside `measure` (which starts with a forced GC) like the job, so neither side
      // starts its clock right after a GC that the other does not get.
      const m = await measure(ctx.durationMs * 3, async (signal, progress) => {
        const opened = performance.now();
        const stream = client.db(db).collection(coll).watch([], { fullDocument: 'updateLookup', startAtOperationTime: starts.get(coll), maxAwaitTimeMS: 200 });
        while (!(await stream.tryNext())) { /* wait for the first event */ }
        const started = performance.now();
        firstEventMs.bare.push(Math.round(started - opened));
        progress.events = 1;
        try {
          while (progress.events < events && !signal.aborted) if (await stream.tryNext()) progress.events++;
          seconds = (performance.now() - started) / 1000;
          fromOpenSeconds = (performance.now() - opened) / 1000;
        } finally {
          await stream.close();
        }
      });
      await client.db(db).collection(coll).drop().catch(() => undefined);
      return {
        ...m,
        events: m.events - 1,
        seconds,
        eventsPerSecond: (m.events - 1) / seconds,
        fromOpen: { ...m, seconds: fromOpenSeconds, eventsPerSecond: m.events / fromOpenSeconds },
      };
    };
    const jobRun = async (coll: string, events = STREAM_EVENTS): Promise<Run> => {
      starts.set(coll, await fill(client, db, coll, events));
      noopCount = 0;
      const name = `cs-${coll}`;
      let reached!: () => void;
      const done = new Promise<void>((resolve) => (reached = resolve));
      const watch: NonNullable<typeof noopWatch> = { target: events, reached };
      noopWatch = watch;
      let posted = 0;
      const m = await measure(ctx.durationMs * 3, async (signal) => {
        posted = performance.now();
        await startJob(
          {
            name,
            source: { service_name: 'm', resource: coll, output_encoding: 'bson', options: { start_at_operation_time: starts.get(coll)!.t, max_await_ms: 200, full_document_before_change: 'off', raw_documents: RAW_DOCUMENTS } },
            sinks: [{ service_name: 'b', resource: 'noop', output_encoding: 'bson' }],
            batch: { kind: 'count', size: BATCH, max_wait_ms: 50 },
          },
          () => true,
        );
        await Promise.race([done, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
      });
      noopWatch = undefined;
      await host.request('DELETE', `/jobs/${name}`);
      await client.db(db).collection(coll).drop().catch(() => undefined);
      if (watch.firstAt === undefined || watch.firstCount === undefined) throw new Error(`job ${name} delivered nothing`);
      const counted = noopCount - watch.firstCount;
      const endAt = watch.endAt ?? performance.now();
      const seconds = (endAt - watch.firstAt) / 1000;
      const fromOpenSeconds = (endAt - posted) / 1000;
      firstEventMs.job.push(Math.round(watch.firstAt - posted));
      return {
        ...m,
        events: counted,
        seconds,
        eventsPerSecond: counted / seconds,
        fromOpen: { ...m, events: noopCount, seconds: fromOpenSeconds, eventsPerSecond: noopCount / fromOpenSeconds },
      };
    };
    /** The run with the median rate (the mean of the middle two for an even count); events are the total. */
    const median = (runs: Measurement[]): Measurement => {
      const sorted = runs.map((m) => m.eventsPerSecond).sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      const rate = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
      const events = runs.reduce((sum, m) => sum + m.events, 0);
      return {
        events,
        seconds: events / rate,
        eventsPerSecond: rate,
        peakRssMiB: Math.max(...runs.map((m) => m.peakRssMiB)),
        rssGrowthMiB: Math.max(...runs.map((m) => m.rssGrowthMiB)),
      };
    };
    if (WARMUP_EVENTS > 0) {
      await bareRun('cs_warmup_bare', WARMUP_EVENTS);
      await jobRun('cs_warmup_job', WARMUP_EVENTS);
    }
    // Each timed run is short (a few hundred ms) and shares 2 cores with the server JVM, whose
    // own bursts (GC after answering a big aggregate) land on either side at random: several
    // A-B-B-A rounds, and each side reports its median run.
    const bareRuns: Run[] = [];
    const jobRuns: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      bareRuns.push(await bareRun(`cs_bare_${round}a`));
      jobRuns.push(await jobRun(`cs_job_${round}a`));
      jobRuns.push(await jobRun(`cs_job_${round}b`));
      bareRuns.push(await bareRun(`cs_bare_${round}b`));
    }
    const bare = median(bareRuns);
    const job = median(jobRuns);
    const rates = (runs: Measurement[]) => runs.map((m) => fmt.rate(m.eventsPerSecond)).join(' / ');
    const fromOpen = (runs: Run[]) => runs.map((run) => run.fromOpen);
    ctx.log(`bare watch(): ${rates(bareRuns)} events/s (from open ${rates(fromOpen(bareRuns))}); job: ${rates(jobRuns)} (from open ${rates(fromOpen(jobRuns))}); first event after ${firstEventMs.bare.join('/')} ms (bare), ${firstEventMs.job.join('/')} ms (job)`);
    row(`change stream: bare driver watch() + tryNext loop (median of ${bareRuns.length})`, bare);
    row(`change stream: mstream job → no-op sink, batch 500 (median of ${jobRuns.length})`, job, bare);
    const bareFromOpen = median(fromOpen(bareRuns));
    row('change stream, timed from open: bare driver watch() loop', bareFromOpen);
    row('change stream, timed from open: mstream job (from POST /jobs)', median(fromOpen(jobRuns)), bareFromOpen);

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
      `Server: ${URI} — on the dev machine that is mongo-java-server 1.47.0 (in-memory, Java, sharing the 2 cores with this process and any other test server that is up), so absolute numbers say little about a real replica set; the ratios compare mstream with the bare driver on the same server in the same run.`,
      `Change stream: ${STREAM_EVENTS} small documents are inserted into a fresh collection right before each run; the reader then consumes that history from the oplog (startAtOperationTime before the inserts, fullDocument updateLookup), the bare one with a tight tryNext loop, the mstream job through batching (500), conversion, a no-op sink, acks and checkpoints (pre-images off, as the bare loop does not ask for them). Both are timed from their first event on (steady state: opening the stream and connecting the service are not counted): the bare loop from its first tryNext result to its last, the job from its first batch reaching the sink to the sink holding the last event (marks taken in the sink, not by polling). Before the timed runs each reader consumes ${WARMUP_EVENTS} events untimed, so the first timed run does not pay for cold code; then ${ROUNDS} A-B-B-A rounds, and each side's figure is its median run (single runs last a few hundred ms and swing by up to 2× with the server JVM's own bursts on the shared cores). mongo-java-server returns the whole history in the stream's first batch, so there the steady-state part is the Node side only: the driver decoding each event (both sides), and for the job the position and attributes per event and the batch, sink, ack and checkpoint steps. The job runs with raw_documents on (the default): its stream carries one extra $addFields stage and the driver hands each document over as the server's BSON bytes, so the job neither decodes nor re-encodes documents, while the bare loop decodes them as any watch() user does; with raw_documents off (MSTREAM_BENCH_MONGO_RAW=0), the job decodes and re-encodes each document${RAW_DOCUMENTS ? '' : ' — THIS RUN HAD raw_documents OFF'}.`,
      `Timed from open: the same runs, clocked from just before the bare loop calls watch(), or the bench posts the job, to the last event. This counts the server's work on the first batch (on mongo-java-server the whole history, which grows slower as its never-trimmed oplog grows), including the job's extra $addFields stage, and on the job side creating and starting the job (about 15–120 ms). First-event delays are in the bench log.`,
      `Sink: bare = insertMany of 500 documents per call in a loop; mstream = a job whose in-memory source generates BSON documents, batch 500, writing through the mongodb sink in insert mode (unordered insertMany per batch). Counted by the writers (job metrics; insertMany calls), timed from the first write. Each sink case stops at ${SINK_DOCS} documents (the in-memory server's heap is small); the host is started before timing.`,
    ],
    rows,
  };
}
