// The runtime alone: datagen (pre-generated pool, no faker cost) → no-op sink, at batch 1 and 500,
// against a bare loop calling the same source and sink directly, in the same process and run;
// then the same job with nobody tapping it and with a live tap (GET /jobs/{name}/tap) at 20 and
// 1,000 events/s read by curl in another process, alternating, to show what the tap costs.
import { spawn } from 'node:child_process';
import datagenPlugin from '../../plugins/datagen/src/index.js';
import { createTestContext, recordRegistration } from '../../sdk/src/testing/index.js';
import type { BenchModule } from './bench-types.js';
import { startBenchHost } from './bench-host.js';
import { fmt, measure } from './measure.js';
import { noopPlugin } from './noop-plugin.js';
import type { SourceDefinition } from '../../sdk/src/index.js';

const SOURCE_OPTIONS = { rate: 0, pool_size: 1000, seed: 7 };

async function bareLoop(batch: number, durationMs: number) {
  const source = recordRegistration(datagenPlugin).sources.get('datagen') as SourceDefinition;
  const context = createTestContext({ jobName: 'bare' });
  const instance = await source.create({ service: {}, resource: 'users', options: { ...SOURCE_OPTIONS, encoding: 'json', count: 0 }, context: context as never, encoding: 'json' });
  await instance.open(undefined, AbortSignal.timeout(10_000));
  const sink = { events: 0 };
  const result = await measure(durationMs, async (signal, progress) => {
    while (!signal.aborted) {
      const events = await instance.read(batch, signal);
      sink.events += events.length; // the no-op sink's whole work
      await instance.ack(events.map((e) => e.position));
      progress.events += events.length;
      if (progress.events % (batch * 64) < batch) await new Promise((r) => setImmediate(r)); // let the sampler run
    }
  });
  await instance.close();
  return result;
}

/** Follows the job's tap with curl (another process, as a real client) until `signal` aborts; counts the events received. */
function followTap(url: string, rate: number, signal: AbortSignal): { received: () => number; done: Promise<void> } {
  let received = 0;
  const done = (async () => {
    while (!signal.aborted) {
      const child = spawn('curl', ['-sN', `${url}?stage=source&limit=10000&rate=${rate}`], { stdio: ['ignore', 'pipe', 'ignore'] });
      const kill = () => child.kill();
      signal.addEventListener('abort', kill, { once: true });
      // Every event frame follows a blank line; the tail keeps a frame start split across chunks.
      const start = '\ndata: {"stage"';
      let tail = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const text = tail + chunk.toString('utf8');
        received += text.split(start).length - 1;
        tail = text.slice(-(start.length - 1));
      });
      await new Promise((resolve) => child.once('exit', resolve));
      signal.removeEventListener('abort', kill);
    }
  })();
  return { received: () => received, done };
}

async function jobRun(batch: number, durationMs: number, tapRate?: number) {
  const { host, url, stop } = await startBenchHost([datagenPlugin, noopPlugin()], {
    services: [{ provider: 'datagen', name: 'gen' }, { provider: 'noop', name: 'null' }],
    connectors: [{
      name: `bench-${batch}`,
      source: { service_name: 'gen', resource: 'users', output_encoding: 'json', options: SOURCE_OPTIONS },
      sinks: [{ service_name: 'null', resource: 'x', output_encoding: 'json' }],
      batch: { size: batch, max_wait_ms: 5 },
    }],
  });
  let tapped = 0;
  const result = await measure(durationMs, async (signal, progress) => {
    const metrics = () => host.jobs!.metrics(`bench-${batch}`);
    const tap = tapRate ? followTap(`${url}/jobs/bench-${batch}/tap`, tapRate, signal) : undefined;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        progress.events = metrics()?.eventsProcessed ?? 0;
        if (signal.aborted) (clearInterval(tick), resolve());
      }, 50);
    });
    progress.events = metrics()?.eventsProcessed ?? 0;
    await tap?.done;
    tapped = tap?.received() ?? 0;
  });
  await stop();
  return { ...result, tapPerSecond: tapped / result.seconds };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** `mean (min–max)` of events/s over the repetitions. */
const spread = (xs: number[]) => `${fmt.rate(mean(xs))} (${fmt.rate(Math.min(...xs))}–${fmt.rate(Math.max(...xs))})`;

const bench: BenchModule = async (ctx) => {
  const rows: Array<Record<string, string | number>> = [];
  for (const batch of [1, 500]) {
    ctx.log(`batch ${batch}: bare loop`);
    const bare = await bareLoop(batch, ctx.durationMs);
    ctx.log(`batch ${batch}: mstream job`);
    const job = await jobRun(batch, ctx.durationMs);
    const overhead = 1e6 / job.eventsPerSecond - 1e6 / bare.eventsPerSecond;
    rows.push(
      { case: `bare loop, batch ${batch}`, 'events/s': fmt.rate(bare.eventsPerSecond), 'µs/event': fmt.micros(bare.eventsPerSecond), 'peak RSS MiB': fmt.mib(bare.peakRssMiB), 'RSS growth MiB': fmt.mib(bare.rssGrowthMiB), 'job / bare': '' },
      { case: `mstream job, batch ${batch}`, 'events/s': fmt.rate(job.eventsPerSecond), 'µs/event': fmt.micros(job.eventsPerSecond), 'peak RSS MiB': fmt.mib(job.peakRssMiB), 'RSS growth MiB': fmt.mib(job.rssGrowthMiB), 'job / bare': fmt.ratio(job.eventsPerSecond, bare.eventsPerSecond), 'runtime µs/event': overhead.toFixed(2) },
    );
  }
  // The tap's cost: the same job without a subscriber and with one, alternating, REPS times each.
  const reps = Number(process.env.MSTREAM_BENCH_TAP_REPS ?? 3);
  const tapCases: Array<{ label: string; rate?: number }> = [{ label: 'no tap' }, { label: 'tap 20 events/s', rate: 20 }, { label: 'tap 1,000 events/s', rate: 1000 }];
  for (const batch of [1, 500]) {
    const runs = tapCases.map(() => [] as Array<{ eventsPerSecond: number; tapPerSecond: number }>);
    for (let r = 0; r < reps; r++) {
      for (const [i, c] of tapCases.entries()) {
        ctx.log(`batch ${batch}: ${c.label} (${r + 1}/${reps})`);
        runs[i].push(await jobRun(batch, ctx.durationMs, c.rate));
      }
    }
    const base = mean(runs[0].map((m) => m.eventsPerSecond));
    for (const [i, c] of tapCases.entries()) {
      const rates = runs[i].map((m) => m.eventsPerSecond);
      rows.push({
        case: `mstream job, batch ${batch}, ${c.label}`,
        'events/s': spread(rates),
        'µs/event': fmt.micros(mean(rates)),
        'vs no tap': i === 0 ? '' : `${((mean(rates) / base - 1) * 100).toFixed(1)} %`,
        'tap events/s received': c.rate ? mean(runs[i].map((m) => m.tapPerSecond)).toFixed(0) : '',
      });
    }
  }
  const soakMs = Number(process.env.MSTREAM_BENCH_SOAK_SECONDS ?? 60) * 1000;
  ctx.log(`soak: batch 500 for ${soakMs / 1000} s`);
  const soak = await jobRun(500, soakMs);
  rows.push({ case: `mstream job, batch 500, ${soakMs / 1000} s soak`, 'events/s': fmt.rate(soak.eventsPerSecond), 'µs/event': fmt.micros(soak.eventsPerSecond), 'peak RSS MiB': fmt.mib(soak.peakRssMiB), 'RSS growth MiB': fmt.mib(soak.rssGrowthMiB) });
  return {
    area: 'runtime',
    title: 'Runtime overhead: datagen → no-op sink',
    rows,
    notes: [
      'Both sides read the same datagen source (pool of 1,000 pre-generated ~200-byte JSON documents, so faker cost is excluded) and hand events to a sink that only counts them. The bare loop calls `read`/`ack` directly; the mstream job runs the full runtime in an in-process host: batch assembly, the bounded in-flight queue, per-stage conversion (JSON → JSON passthrough), sink write, ack, windowed metrics and throttled checkpoints (1 s).',
      '"runtime µs/event" is 1/job rate − 1/bare rate: what the runtime adds per event. Targets: < 3 µs at batch 1, < 5 µs at batch 500 (≥ 200k events/s on one core). RSS growth is the RSS at the end minus the RSS after the first tenth of the run; the soak row shows whether memory stays flat over a long run.',
      `Tap rows: the same job with nobody tapping it and with a live tap at \`stage=source\` read by \`curl -sN\` in another process (reconnecting after each \`limit=10000\`), run alternately ${reps} times each; "events/s" is the mean with the range (min–max) of the runs, "vs no tap" the change of the mean, "tap events/s received" what curl got (the rate cap at work: the rest is dropped). With no subscriber the pipeline tests one listener-list length per stage and batch. A difference smaller than the ranges is noise: the machine is shared, and curl plus the HTTP stream take CPU from the same 2 cores.`,
      "Batch path (2026-12-07): each read, transform, write and ack makes its first attempt inline and builds the retry machinery only after a failure; the in-flight queue admits and hands over without a promise when it can (tryPut/poll, one shared wait); conversion is synchronous unless events fail; a batch the source filled at once is used as is (no max_wait timer, no copy); a partial batch has one deadline, not a timer per read. Before it, runs made the same way on this machine (alternating with these) measured 6.93 and 6.67 runtime µs/event at batch 1 and 0.11 and 0.09 at batch 500; after it 1.23 and 3.30 (that run's bare loop and job were both slowed by the shared machine; its no-tap batch-1 rows ran at 516k events/s, 1.94 µs/event) and 0.06 and 0.07.",
      'The host and the bare loop share one process (sequentially), on a 2-core machine that also runs the test JVMs, so absolute numbers vary by ±20 % between runs.',
    ],
  };
};

export default bench;
