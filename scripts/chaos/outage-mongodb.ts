import path from 'node:path';
import { MONGO_URI, openDb, uniqueName } from '../../test/mongodb/helpers.js';
import { readSink, tally } from './file-sink.js';
import { ChaosFailure, HostProcess, check, n, sleep, waitFor, withTempDir, type Mode, type Row } from './lib.js';
import { outageRow, watchReason, type JobView } from './outage.js';
import { TcpProxy } from '../../test/net/tcp-proxy.js';

const isProbe = (id: string) => id.startsWith('probe-');

/**
 * MongoDB goes away for 30 s (10 s quick) under a change stream → file job: the host reaches
 * mongo-java-server through a TcpProxy that is cut (stopping the stand-in would wipe it), while a
 * writer keeps inserting straight into the server, as other applications would.
 */
export async function mongoOutage(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const outageMs = mode.quick ? 10_000 : 30_000;
  const count = mode.quick ? 2000 : 9000;
  const perSecond = 150;
  const dbName = uniqueName('mstream_chaos');
  const mongo = await openDb(dbName);
  const proxy = await TcpProxy.start(new URL(MONGO_URI).host);
  const job = uniqueName('chaos-mongo-outage');
  const config = `[[services]]
provider = "mongodb"
name = "mongo"
connection_string = "mongodb://127.0.0.1:${proxy.port}/?directConnection=true"
db_name = "${dbName}"

[[services]]
provider = "file"
name = "out"
path = "out"

[[connectors]]
name = "${job}"
source = { service_name = "mongo", resource = "orders", output_encoding = "json", options = { max_await_ms = 100 } }
sinks = [{ service_name = "out", resource = "changes.jsonl", output_encoding = "json" }]
batch = { kind = "count", size = 50, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 200 }
retry = { initial_backoff_ms = 200, max_backoff_ms = 2000 }
`;
  try {
    return await withTempDir('mongo-outage', async (dir) => {
      const host = await HostProcess.create(dir, config);
      const sinkFile = path.join(host.dataDir, 'out', 'changes.jsonl');
      const coll = mongo.db.collection<{ _id: string; seq: number }>('orders');
      const expected = new Set(Array.from({ length: count }, (_, i) => `m${i}`));
      const sinkIds = async () => (await readSink(sinkFile)).ids.filter((id) => !isProbe(id));
      let written = 0;
      // Bounded: `count` documents in chunks of 15, paced to `perSecond`, straight to the server.
      const write = async () => {
        const t0 = Date.now();
        for (let i = 0; i < count; i += 15) {
          const docs = Array.from({ length: Math.min(15, count - i) }, (_, k) => ({ _id: `m${i + k}`, seq: i + k }));
          await coll.insertMany(docs, { ordered: true });
          written += docs.length;
          const due = t0 + (written / perSecond) * 1000;
          if (due > Date.now()) await sleep(due - Date.now());
        }
      };
      let writer: Promise<void> | undefined;
      try {
        host.start();
        await host.ready();
        // No checkpoint yet: the stream starts at "now"; insert only once a probe came through.
        let k = 0;
        const open = await waitFor(async () => {
          await coll.insertOne({ _id: `probe-${k++}`, seq: -1 });
          return (await readSink(sinkFile)).ids.some(isProbe);
        }, 30_000, 300);
        check(open, `no probe document reached the sink within 30 s:\n${host.tail()}`);
        writer = write();
        check(await waitFor(async () => (await sinkIds()).length >= count / 5, 60_000, 200), `the sink got fewer than ${count / 5} events within 60 s:\n${host.tail()}`);
        const atOutage = new Set(await sinkIds()).size;
        await proxy.cut();
        const watcher = watchReason(host, job);
        await sleep(outageMs);
        const reason = await watcher.stop();
        await proxy.restore();
        await writer;
        const done = await waitFor(async () => new Set(await sinkIds()).size >= count, 120_000, 200);
        await waitFor(async () => !((await host.request('GET', `/jobs/${job}`)).body as JobView).error, 30_000, 500);
        const view = (await host.request('GET', `/jobs/${job}`)).body as JobView;
        await host.stop();
        const sink = await readSink(sinkFile);
        const t = tally(sink.ids.filter((id) => !isProbe(id)), expected);
        const setup = `MongoDB change stream (mongo-java-server) → file, ${n(count)} inserts at ${perSecond}/s straight into the server; after ${n(atOutage)} events the host's connections to it are reset and refused for ${outageMs / 1000} s (a TCP relay, so the in-memory server keeps its data), then allowed again`;
        const problems = done ? [] : ['the job did not deliver every insert within 120 s of the outage'];
        return outageRow({ scenario: 'outage: MongoDB (change stream source)', setup, counts: t, shown: reason, view, problems });
      } catch (error) {
        if (error instanceof ChaosFailure) throw error;
        throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
      } finally {
        await host.kill9();
        await writer?.catch(() => undefined);
      }
    });
  } finally {
    await proxy.cut();
    await mongo.drop();
  }
}
