import path from 'node:path';
import { MONGO_URI, openDb, uniqueName } from '../../test/mongodb/helpers.js';
import { readSink, tally } from './file-sink.js';
import { killMidStream } from './kill-loop.js';
import { ChaosFailure, HostProcess, check, n, sleep, waitFor, withTempDir, type Mode, type Row } from './lib.js';

function config(job: string, db: string, collection: string): string {
  return `[[services]]
provider = "mongodb"
name = "mongo"
connection_string = "${MONGO_URI}"
db_name = "${db}"

[[services]]
provider = "file"
name = "out"
path = "out"

[[connectors]]
name = "${job}"
source = { service_name = "mongo", resource = "${collection}", output_encoding = "json", options = { max_await_ms = 100 } }
sinks = [{ service_name = "out", resource = "changes.jsonl", output_encoding = "json" }]
batch = { kind = "count", size = 50, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 200 }
`;
}

const isProbe = (id: string) => id.startsWith('probe-');

/**
 * kill -9 while a change stream on one collection feeds a file sink, and a bounded writer inserts
 * documents `m0…` during the kills; the restarted job resumes from its checkpointed resume token.
 */
export async function killMongoToFile(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const kills = mode.quick ? 2 : 3;
  const count = mode.quick ? 3000 : 10_000;
  const perSecond = mode.quick ? 400 : 600;
  const step = Math.floor(count / 6);
  const dbName = uniqueName('mstream_chaos');
  const collection = 'orders';
  const mongo = await openDb(dbName);
  try {
    return await withTempDir('mongodb', async (dir) => {
      const job = uniqueName('chaos-mongo');
      const host = await HostProcess.create(dir, config(job, dbName, collection));
      const sinkFile = path.join(host.dataDir, 'out', 'changes.jsonl');
      const coll = mongo.db.collection<{ _id: string; seq: number }>(collection);
      const expected = new Set(Array.from({ length: count }, (_, i) => `m${i}`));
      let written = 0;
      let writer: Promise<void> | undefined;
      let writerError: Error | undefined;
      // Bounded: `count` documents in chunks of 20, paced to `perSecond`.
      const write = async () => {
        const t0 = Date.now();
        for (let i = 0; i < count; i += 20) {
          const docs = Array.from({ length: Math.min(20, count - i) }, (_, k) => ({ _id: `m${i + k}`, seq: i + k }));
          await coll.insertMany(docs, { ordered: true });
          written += docs.length;
          const due = t0 + (written / perSecond) * 1000;
          if (due > Date.now()) await sleep(due - Date.now());
        }
      };
      const sinkIds = async () => (await readSink(sinkFile)).ids.filter((id) => !isProbe(id));
      try {
        const killedAt = await killMidStream(
          host,
          {
            kills,
            step,
            unit: 'events at the sink',
            progress: async () => new Set(await sinkIds()).size,
            // A job without a checkpoint starts its change stream at "now": the writer starts only
            // once a probe document reached the sink, so the stream was open before its first insert.
            onReady: async (run) => {
              if (run > 0) return;
              let k = 0;
              const open = await waitFor(async () => {
                await coll.insertOne({ _id: `probe-${k++}`, seq: -1 });
                return (await readSink(sinkFile)).ids.some(isProbe);
              }, 30_000, 300);
              check(open, `no probe document reached the sink within 30 s:\n${host.tail()}`);
              // Caught at once: a rejection left pending while the kills go on would end the process.
              writer = write().catch((error: Error) => {
                writerError = error;
              });
            },
          },
          count,
        );
        await writer;
        check(!writerError, `the writer failed after ${written} inserts: ${writerError?.message}`);
        const done = await waitFor(async () => new Set(await sinkIds()).size >= count, 120_000, 200);
        // Anything still in flight lands now.
        await sleep(1000);
        const state = (await host.request('GET', `/jobs/${job}`)).body?.state as string | undefined;
        await host.stop();
        const sink = await readSink(sinkFile);
        const t = tally(sink.ids.filter((id) => !isProbe(id)), expected);
        const setup = `MongoDB change stream (mongo-java-server) → file, at_least_once, ${n(count)} inserts at ${perSecond}/s during the kills, checkpoint every 200 ms, ${kills} × kill -9`;
        const figures = `unique ${n(t.unique)}, total ${n(t.total)}, lost ${t.lost}, duplicates ${n(t.duplicates)}, torn lines ${sink.torn}; killed at ${killedAt.map(n).join(' / ')} events; job ${state ?? '?'}`;
        const reasons: string[] = [];
        if (t.lost > 0) reasons.push(`${t.lost} lost`);
        if (t.foreign > 0) reasons.push(`${t.foreign} events that were never inserted`);
        if (!done) reasons.push('the job did not deliver every insert within 120 s');
        if (state !== 'running') reasons.push(`the job is ${state}, not running`);
        return { scenario: 'kill -9 mid-stream', setup, figures, ok: reasons.length === 0, reason: reasons.join(', ') };
      } catch (error) {
        if (error instanceof ChaosFailure) throw error;
        throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
      } finally {
        await host.kill9();
        await writer;
      }
    });
  } finally {
    await mongo.drop();
  }
}
