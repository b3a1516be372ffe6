import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { bareKafka, createTopic, readTopic, unique } from '../../test/kafka/kafka-helpers.js';
import { ChaosFailure, HostProcess, check, n, sleep, waitFor, withTempDir, type Mode, type Row } from './lib.js';
import { ScratchKafka } from './scratch-kafka.js';

export interface JobView {
  state?: string;
  error?: { message?: string; retrying?: boolean };
}

/**
 * Watches GET /jobs/{name} every 250 ms while a server is away: the first retrying reason the job
 * shows (the operator's view of the outage).
 */
export function watchReason(host: HostProcess, job: string) {
  let reason: string | undefined;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const view = (await host.request('GET', `/jobs/${job}`).catch(() => ({ body: {} }))).body as JobView;
      if (!reason && view.error?.retrying && view.error.message) reason = `${view.state}, retrying: ${view.error.message}`;
      await sleep(250);
    }
  })();
  return {
    async stop(): Promise<string | undefined> {
      stopped = true;
      await loop;
      return reason;
    },
  };
}

/** What a sink received against what was sent (`foreign`: received, never sent). */
export interface OutageCounts {
  unique: number;
  total: number;
  lost: number;
  duplicates: number;
  foreign?: number;
}

/**
 * The row of an outage scenario: it passes when nothing was lost or made up, the job showed a
 * retrying reason during the outage (`shown`), it is running with no error afterwards, and
 * nothing in `problems` (the scenario's own checks) went wrong. `note` follows the duplicates.
 */
export function outageRow(o: { scenario: string; setup: string; counts: OutageCounts; shown: string | undefined; view: JobView; note?: string; problems?: string[] }): Omit<Row, 'seconds'> {
  const { counts: t, view } = o;
  const figures = `unique ${n(t.unique)}, total ${n(t.total)}, lost ${t.lost}, duplicates ${t.duplicates}${o.note ?? ''}; during the outage GET /jobs showed "${o.shown ?? 'no retrying reason'}"; job ${view.state}${view.error ? ` (error: ${view.error.message})` : ', no error'}`;
  const reasons: string[] = [];
  if (t.lost > 0) reasons.push(`${t.lost} lost`);
  if (t.foreign) reasons.push(`${t.foreign} events that were never sent`);
  reasons.push(...(o.problems ?? []));
  if (!o.shown) reasons.push('the job never showed a retrying reason during the outage');
  if (view.state !== 'running' || view.error) reasons.push(`job not healthy after the outage (${view.state})`);
  return { scenario: o.scenario, setup: o.setup, figures, ok: reasons.length === 0, reason: reasons.join(', ') };
}

/** A sink target that can go away: counts the `_id`s of the JSON-array batches it accepts. */
async function httpTarget() {
  const ids: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        for (const doc of JSON.parse(Buffer.concat(chunks).toString()) as Array<{ _id: string }>) ids.push(doc._id);
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ids,
    /** Refuses connections from now on: closes the listener and every open connection. */
    down: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
    up: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
  };
}

function tally(ids: Array<string | number>, total: number) {
  const unique = new Set(ids).size;
  return { unique, total: ids.length, lost: total - unique, duplicates: ids.length - unique };
}

/** The HTTP sink's target refuses connections for 30 s (10 s quick) mid-stream. */
export async function httpSinkOutage(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const outageMs = mode.quick ? 10_000 : 30_000;
  const total = mode.quick ? 3000 : 9000;
  const rate = 200;
  const target = await httpTarget();
  const job = unique('chaos-http-outage');
  const config = `[[services]]
provider = "datagen"
name = "gen"

[[services]]
provider = "http"
name = "target"
host = "${target.url}"
max_retries = 3
base_backoff_ms = 200

[[connectors]]
name = "${job}"
source = { service_name = "gen", resource = "users", output_encoding = "json", options = { rate = ${rate}, count = ${total}, seed = 11 } }
sinks = [{ service_name = "target", resource = "ingest", output_encoding = "json", options = { batch_mode = "array" } }]
batch = { kind = "count", size = 50, max_wait_ms = 50 }
checkpoint = { enabled = true, interval_ms = 500 }
retry = { initial_backoff_ms = 200, max_backoff_ms = 2000 }
`;
  return withTempDir('http-outage', async (dir) => {
    const host = await HostProcess.create(dir, config);
    try {
      host.start();
      await host.ready();
      check(await waitFor(() => target.ids.length >= total / 5, 60_000), `the sink got fewer than ${total / 5} events within 60 s:\n${host.tail()}`);
      const atOutage = target.ids.length;
      await target.down();
      const watcher = watchReason(host, job);
      await sleep(outageMs);
      const reason = await watcher.stop();
      await target.up();
      const upAt = Date.now();
      const done = await waitFor(() => new Set(target.ids).size >= total, 120_000, 200);
      const resumedInMs = Date.now() - upAt;
      check(done, `after the outage the sink did not get every event within 120 s (${new Set(target.ids).size} of ${total}):\n${host.tail()}`);
      const view = (await host.request('GET', `/jobs/${job}`)).body as JobView;
      await host.stop();
      const t = tally(target.ids, total);
      const setup = `datagen ${n(total)} events at ${rate}/s → HTTP sink (array batches of 50); the target refuses connections for ${outageMs / 1000} s after ${n(atOutage)} events`;
      const note = `; the last event delivered ${(resumedInMs / 1000).toFixed(1)} s after the target came back (the source is paced)`;
      return outageRow({ scenario: 'outage: HTTP sink target', setup, counts: t, shown: reason, view, note });
    } catch (error) {
      if (error instanceof ChaosFailure) throw error;
      throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
    } finally {
      await host.kill9();
      await target.down().catch(() => undefined);
    }
  });
}

/** Produces ids from..to-1 in small chunks, retrying a chunk while the broker is away (bounded). */
async function steadyWriter(kafka: Kafka, topic: string, total: number, chunk: number, everyMs: number, deadlineMs: number) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 2 } });
  await producer.connect();
  let written = 0;
  const until = Date.now() + deadlineMs;
  try {
    while (written < total && Date.now() < until) {
      const messages = Array.from({ length: Math.min(chunk, total - written) }, (_, j) => ({ key: `k${(written + j) % 13}`, value: JSON.stringify({ id: written + j }) }));
      try {
        await producer.send({ topic, messages, acks: -1 });
        written += messages.length;
        await sleep(everyMs);
      } catch {
        await sleep(500); // the broker is away: the same chunk again
      }
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  return written;
}

/**
 * The Kafka broker (source and sink of the job) is stopped for 30 s (10 s quick) while a writer
 * keeps producing and the job copies; then started again on the same data. The broker is a
 * scratch one of the scenario's own (ScratchKafka), so the shared test broker stays up.
 */
/** `tasks`: the job's connector key (> 1: consumers in worker threads, whose trouble the host thread shows). */
export function kafkaBrokerOutage(client: 'kafkajs' | 'platformatic', tasks = 1) {
  return async (mode: Mode): Promise<Omit<Row, 'seconds'>> => {
    const outageMs = mode.quick ? 10_000 : 30_000;
    const total = mode.quick ? 3000 : 12_000;
    return withTempDir('kafka-outage', async (dir) => {
      const broker = await ScratchKafka.create(path.join(dir, 'broker'));
      await broker.start();
      const kafka = bareKafka(broker.brokers);
      const from = unique('chaos-outage-in');
      const to = unique('chaos-outage-out');
      const job = unique('chaos-kafka-outage');
      await createTopic(kafka, from, 3);
      await createTopic(kafka, to, 3);
      const config = `[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "${broker.brokers}"
client = "${client}"

[[connectors]]
name = "${job}"
source = { service_name = "kafka", resource = "${from}", input_encoding = "json", output_encoding = "json" }
sinks = [{ service_name = "kafka", resource = "${to}", output_encoding = "json" }]
tasks = ${tasks}
batch = { kind = "count", size = 100, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 500 }
retry = { initial_backoff_ms = 200, max_backoff_ms = 2000 }
`;
      const host = await HostProcess.create(dir, config);
      try {
        host.start();
        await host.ready();
        // ~200 messages/s for the whole run, so the outage cuts the copy in the middle.
        const writer = steadyWriter(kafka, from, total, 20, 100, 240_000);
        await sleep(Math.min(8000, (total / 200) * 250));
        await broker.stop();
        const watcher = watchReason(host, job);
        await sleep(outageMs);
        const reason = await watcher.stop();
        await broker.start();
        const written = await writer;
        check(written === total, `the writer produced only ${written} of ${total} within 240 s`);
        const copies = await readTopic(kafka, to, total, 120_000, 3000);
        const t = tally(copies.map((m) => (JSON.parse(m.value!) as { id: number }).id), total);
        // The job shows no trouble once it copies again (bounded wait: the group rejoins first).
        await waitFor(async () => !((await host.request('GET', `/jobs/${job}`)).body as JobView).error, 60_000, 500);
        const view = (await host.request('GET', `/jobs/${job}`)).body as JobView;
        await host.stop();
        const setup = `Kafka → Kafka (client ${client}${tasks > 1 ? `, tasks = ${tasks}` : ''}), ${n(total)} messages written at ~200/s during the run; the broker (source and sink) stopped for ${outageMs / 1000} s mid-stream and started again on its data`;
        return outageRow({ scenario: `outage: Kafka broker (${client}${tasks > 1 ? `, tasks = ${tasks}` : ''})`, setup, counts: t, shown: reason, view, note: " (the writer's own retries included)" });
      } catch (error) {
        if (error instanceof ChaosFailure) throw error;
        throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
      } finally {
        await host.kill9();
        await broker.stop();
      }
    });
  };
}
