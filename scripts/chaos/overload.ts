import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { unique } from '../../test/kafka/kafka-helpers.js';
import { ChaosFailure, HostProcess, check, n, sleep, withTempDir, type Mode, type Row } from './lib.js';

const BATCH = 100;
const MAX_IN_FLIGHT = 1000;
/** The sink target answers each batch after this long: one batch at a time, ~1,000 events/s. */
const SINK_DELAY_MS = 100;
/** Ten times what the sink can take. */
const SOURCE_RATE = 10_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)];
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** A slow HTTP endpoint: counts the events of each JSON-array batch, answers 200 after a delay. */
async function slowTarget(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString()) as unknown[];
          received += Array.isArray(body) ? body.length : 1;
          res.writeHead(200).end();
        } catch {
          res.writeHead(400).end();
        }
      }, SINK_DELAY_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Overload: a datagen source paced at ten times what an HTTP sink accepts, for 5 minutes (30 s in
 * quick mode). Every second: the job's events_in_flight must stay within max_in_flight; after the
 * first fifth (warm-up) the host's RSS must not grow (full mode: no window median 10 % above the first).
 */
export async function overload(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const seconds = mode.quick ? 30 : 300;
  const target = await slowTarget();
  const job = unique('chaos-overload');
  const config = `[[services]]
provider = "datagen"
name = "gen"

[[services]]
provider = "http"
name = "slow"
host = "${target.url}"

[[connectors]]
name = "${job}"
source = { service_name = "gen", resource = "users", output_encoding = "json", options = { rate = ${SOURCE_RATE}, seed = 7 } }
sinks = [{ service_name = "slow", resource = "ingest", output_encoding = "json", options = { batch_mode = "array" } }]
batch = { kind = "count", size = ${BATCH}, max_wait_ms = 50 }
max_in_flight = ${MAX_IN_FLIGHT}
checkpoint = { enabled = true, interval_ms = 1000 }
`;
  try {
    return await withTempDir('overload', async (dir) => {
      const host = await HostProcess.create(dir, config);
      try {
        host.start();
        await host.ready();
        const warmUp = Math.max(5, Math.round(seconds / 5));
        let maxInFlight = 0;
        let budget = 0;
        const samples: number[] = [];
        const started = Date.now();
        for (let s = 1; s <= seconds; s++) {
          await sleep(Math.max(0, started + s * 1000 - Date.now()));
          check(host.running, `the host died under overload:\n${host.tail()}`);
          const metrics = (await host.request('GET', `/jobs/${job}/metrics`)).body as { events_in_flight: number; max_in_flight: number };
          maxInFlight = Math.max(maxInFlight, metrics.events_in_flight);
          budget = metrics.max_in_flight;
          const rss = rssMiB(host.pid!);
          if (process.env.MSTREAM_CHAOS_TRACE) console.log(`t=${s}s rss=${rss.toFixed(0)} inflight=${metrics.events_in_flight}`);
          if (s > warmUp) samples.push(rss);
        }
        const state = (await host.request('GET', `/jobs/${job}`)).body?.state as string | undefined;
        const processed = ((await host.request('GET', `/jobs/${job}/metrics`)).body as { events_processed: number }).events_processed;
        await host.stop();
        const sinkRate = target.received() / seconds;
        // RSS of a garbage-collected process is a sawtooth (here ~8 MB/s of garbage between major
        // collections), so single samples swing by ±25 %: compare the medians of four windows
        // after warm-up instead — a leak shows as a climbing median.
        const windows = [0, 1, 2, 3].map((w) => median(samples.slice(Math.floor((w * samples.length) / 4), Math.floor(((w + 1) * samples.length) / 4))));
        const baseline = windows[0];
        const drift = (v: number) => ((v - baseline) / baseline) * 100;
        // Growth is what would hurt (a leak, an unbounded buffer); V8 handing memory back after a
        // major collection shows as a drop, which is reported but not held against the job.
        const worst = Math.max(...windows.map((v) => drift(v)));
        const setup = `datagen paced at ${n(SOURCE_RATE)}/s → HTTP sink answering each batch of ${BATCH} after ${SINK_DELAY_MS} ms (~${n((BATCH * 1000) / SINK_DELAY_MS)}/s), max_in_flight ${n(MAX_IN_FLIGHT)}, ${seconds} s, RSS after a ${warmUp} s warm-up`;
        const figures = `sink took ${n(Math.round(sinkRate))}/s (${n(target.received())} in all, job counted ${n(processed)}); in flight at most ${n(maxInFlight)} of ${n(budget)}; RSS medians of 4 windows after warm-up ${windows.map((v) => v.toFixed(0)).join(' / ')} MiB (at most ${worst >= 0 ? '+' : ''}${worst.toFixed(1)} % above the first; samples ${Math.min(...samples).toFixed(0)}–${Math.max(...samples).toFixed(0)} MiB); job ${state ?? '?'}`;
        const reasons: string[] = [];
        if (budget !== MAX_IN_FLIGHT) reasons.push(`the job reported a budget of ${budget}, configured ${MAX_IN_FLIGHT}`);
        if (maxInFlight > MAX_IN_FLIGHT) reasons.push(`in flight ${maxInFlight} > budget ${MAX_IN_FLIGHT}`);
        // 30 s (quick) is shorter than one collection cycle: there the figure is reported, not judged.
        if (!mode.quick && worst > 10) reasons.push(`the RSS median grew ${worst.toFixed(1)} % after warm-up (> 10 %)`);
        if (state !== 'running') reasons.push(`job state ${state}`);
        if (sinkRate * 5 > SOURCE_RATE) reasons.push('the sink was not the bottleneck (the scenario did not overload anything)');
        return { scenario: 'overload: source 10× faster than sink', setup, figures, ok: reasons.length === 0, reason: reasons.join(', ') };
      } catch (error) {
        if (error instanceof ChaosFailure) throw error;
        throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
      } finally {
        await host.kill9();
      }
    });
  } finally {
    await target.close();
  }
}
