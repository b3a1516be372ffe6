import path from 'node:path';
import { EMULATOR, PROJECT, barePubSub, publish, topicWithSubscription, unique } from '../../test/pubsub/pubsub-helpers.js';
import { TcpProxy } from '../../test/net/tcp-proxy.js';
import { readSink, tally } from './file-sink.js';
import { ChaosFailure, HostProcess, check, n, sleep, waitFor, withTempDir, type Mode, type Row } from './lib.js';
import { outageRow, watchReason, type JobView } from './outage.js';

/**
 * The Pub/Sub emulator goes away for 30 s (10 s quick) under a subscription → file job: the host
 * reaches the emulator through a TcpProxy that is cut (stopping the emulator would wipe it),
 * while a publisher keeps publishing straight to the emulator.
 */
export async function pubsubOutage(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const outageMs = mode.quick ? 10_000 : 30_000;
  const count = mode.quick ? 2000 : 9000;
  const perSecond = 150;
  const client = barePubSub();
  const proxy = await TcpProxy.start(EMULATOR);
  const id = unique('chaos-ps-outage');
  try {
    const { topic, subscription } = await topicWithSubscription(client, id, 10);
    const expected = new Set(Array.from({ length: count }, (_, i) => `p${i}`));
    const config = `[[services]]
provider = "pubsub"
name = "ps"
project_id = "${PROJECT}"
emulator_host = "127.0.0.1:${proxy.port}"

[[services]]
provider = "file"
name = "out"
path = "out"

[[connectors]]
name = "${id}"
source = { service_name = "ps", resource = "${subscription.name}", input_encoding = "json", output_encoding = "json", options = { ack_deadline_seconds = 10 } }
sinks = [{ service_name = "out", resource = "messages.jsonl", output_encoding = "json" }]
batch = { kind = "count", size = 50, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 200 }
retry = { initial_backoff_ms = 200, max_backoff_ms = 2000 }
`;
    // Bounded: `count` messages in chunks of 15, paced to `perSecond`, straight to the emulator.
    let published = 0;
    const publishAll = async () => {
      const t0 = Date.now();
      for (let i = 0; i < count; i += 15) {
        await publish(topic, Array.from({ length: Math.min(15, count - i) }, (_, k) => ({ data: JSON.stringify({ _id: `p${i + k}` }) })));
        published += Math.min(15, count - i);
        const due = t0 + (published / perSecond) * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
      }
    };
    return await withTempDir('pubsub-outage', async (dir) => {
      const host = await HostProcess.create(dir, config);
      const sinkFile = path.join(host.dataDir, 'out', 'messages.jsonl');
      const sinkIds = async () => (await readSink(sinkFile)).ids;
      let publisher: Promise<void> | undefined;
      try {
        host.start();
        await host.ready();
        publisher = publishAll();
        check(await waitFor(async () => (await sinkIds()).length >= count / 5, 60_000, 200), `the sink got fewer than ${count / 5} messages within 60 s:\n${host.tail()}`);
        const atOutage = new Set(await sinkIds()).size;
        await proxy.cut();
        const watcher = watchReason(host, id);
        await sleep(outageMs);
        const reason = await watcher.stop();
        await proxy.restore();
        await publisher;
        const done = await waitFor(async () => new Set(await sinkIds()).size >= count, 120_000, 200);
        await waitFor(async () => !((await host.request('GET', `/jobs/${id}`)).body as JobView).error, 30_000, 500);
        const view = (await host.request('GET', `/jobs/${id}`)).body as JobView;
        await host.stop();
        const sink = await readSink(sinkFile);
        const t = tally(sink.ids, expected);
        const setup = `Pub/Sub emulator subscription → file, ${n(count)} messages published at ${perSecond}/s straight to the emulator; after ${n(atOutage)} messages the host's connections to it are reset and refused for ${outageMs / 1000} s (a TCP relay, so the in-memory emulator keeps its messages), then allowed again`;
        const problems = done ? [] : ['the job did not deliver every message within 120 s of the outage'];
        return outageRow({ scenario: 'outage: Pub/Sub emulator (subscription source)', setup, counts: t, shown: reason, view, problems });
      } catch (error) {
        if (error instanceof ChaosFailure) throw error;
        throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
      } finally {
        await host.kill9();
        await publisher?.catch(() => undefined);
      }
    });
  } finally {
    await proxy.cut();
    await client.close();
  }
}
