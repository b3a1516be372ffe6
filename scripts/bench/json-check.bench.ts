// The JSON validity scan of json → json steps (issue 16): its cost per payload next to a bare
// pass-through and to what parsing would cost, then inside a job (datagen → no-op sink) with the
// scan forced on and off, side by side in the same run.
import os from 'node:os';
import { assertJson } from '../../host/src/codecs/json-check.js';
import { generateDocument } from '../../plugins/datagen/src/document-factory.js';
import { builtinSchema } from '../../plugins/datagen/src/datagen-options.js';
import datagenPlugin from '../../plugins/datagen/src/index.js';
import type { BenchModule } from './bench-types.js';
import { startBenchHost } from './bench-host.js';
import { fmt, measure } from './measure.js';
import { noopPlugin } from './noop-plugin.js';

const ROUNDS = 5;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Payloads of growing size: a datagen user document, then arrays of them. */
function payloads(): Array<{ label: string; items: Uint8Array[] }> {
  const users = Array.from({ length: 200 }, (_, i) => generateDocument(builtinSchema('users') as never, 7, i));
  const make = (perPayload: number) => Array.from({ length: 100 }, (_, i) => new Uint8Array(Buffer.from(JSON.stringify(perPayload === 1 ? users[i] : users.slice(i, i + perPayload)))));
  const sizes = [1, 5, 80].map((n) => make(n));
  return sizes.map((items) => ({ label: `${Math.round(items.reduce((s, p) => s + p.byteLength, 0) / items.length)} B`, items }));
}

type Timing = { median: number; min: number; max: number };

/**
 * Median and spread (min–max) of µs per payload over ROUNDS rounds of about `roundMs` per case.
 * Rounds of the cases alternate, so a busy neighbour slows all cases alike.
 */
function time(items: Uint8Array[], roundMs: number, cases: Record<string, (p: Uint8Array) => unknown>): Record<string, Timing> {
  const results: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  let sink = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, work] of Object.entries(cases)) {
      let n = 0;
      const started = performance.now();
      do {
        for (let i = 0; i < items.length; i++) if (work(items[i]) !== undefined) sink++;
        n += items.length;
      } while (performance.now() - started < roundMs);
      // Round 0 warms the JIT up and is not counted.
      if (round > 0) results[name].push(((performance.now() - started) * 1000) / n);
    }
  }
  if (sink < 0) console.log(sink); // keeps the results alive
  return Object.fromEntries(Object.entries(results).map(([name, xs]) => {
    xs.sort((a, b) => a - b);
    return [name, { median: xs[Math.floor(xs.length / 2)], min: xs[0], max: xs[xs.length - 1] }];
  }));
}

async function jobRate(validate: boolean, durationMs: number): Promise<number> {
  const name = `json-check-${validate}`;
  const { host, stop } = await startBenchHost([datagenPlugin, noopPlugin()], {
    services: [{ provider: 'datagen', name: 'gen' }, { provider: 'noop', name: 'null' }],
    connectors: [{
      name,
      source: { service_name: 'gen', resource: 'users', output_encoding: 'json', validate_json: validate, options: { rate: 0, pool_size: 1000, seed: 7 } },
      sinks: [{ service_name: 'null', resource: 'x', output_encoding: 'json' }],
      batch: { size: 500, max_wait_ms: 5 },
    }],
  });
  const result = await measure(durationMs, async (signal, progress) => {
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        progress.events = host.jobs!.metrics(name)?.eventsProcessed ?? 0;
        if (signal.aborted) (clearInterval(tick), resolve());
      }, 50);
    });
    progress.events = host.jobs!.metrics(name)?.eventsProcessed ?? 0;
  });
  await stop();
  return result.eventsPerSecond;
}

const range = (r: { min: number; max: number }, digits = 3) => `${r.min.toFixed(digits)}–${r.max.toFixed(digits)}`;

const bench: BenchModule = async (ctx) => {
  const loadBefore = os.loadavg()[0];
  const rows: Array<Record<string, string | number>> = [];
  const roundMs = Math.max(200, ctx.durationMs / 10);
  for (const { label, items } of payloads()) {
    const bytes = items.reduce((s, p) => s + p.byteLength, 0) / items.length;
    ctx.log(`${label}: pass-through, scan, decode + JSON.parse`);
    const cases = time(items, roundMs, {
      'pass-through (no check)': (p) => p.byteLength,
      'validity scan (mstream)': (p) => assertJson(p),
      'decode + JSON.parse': (p) => JSON.parse(decoder.decode(p)),
    });
    for (const [name, r] of Object.entries(cases)) {
      rows.push({ case: `${name}, ${label}`, 'µs/payload (median)': r.median.toFixed(3), 'spread (min–max)': range(r), 'MB/s': name.startsWith('pass') ? '' : fmt.rate(bytes / r.median) });
    }
  }
  // Alternating runs, so drift on a shared machine hits both sides alike.
  const rates: Record<'on' | 'off', number[]> = { on: [], off: [] };
  const jobMs = Math.max(2000, ctx.durationMs / 2);
  for (let run = 0; run < 3; run++) {
    ctx.log(`job run ${run + 1}/3: validate_json = false, then true`);
    rates.off.push(await jobRate(false, jobMs));
    rates.on.push(await jobRate(true, jobMs));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const side of ['off', 'on'] as const) {
    const xs = rates[side];
    rows.push({
      case: `job datagen → no-op, batch 500, validate_json = ${side === 'on'}`,
      'events/s (median)': fmt.rate(median(xs)),
      'spread (min–max)': `${fmt.rate(Math.min(...xs))}–${fmt.rate(Math.max(...xs))}`,
      'µs/event': fmt.micros(median(xs)),
      'scan µs/event': side === 'on' ? (1e6 / median(rates.on) - 1e6 / median(rates.off)).toFixed(2) : '',
    });
  }
  return {
    area: 'json-check',
    title: 'JSON validity scan of json → json steps',
    rows,
    notes: [
      `A json → json step from a source that hands on bytes it received (Kafka, Pub/Sub, HTTP) scans each payload once (\`host/src/codecs/json-check.ts\`): native \`isUtf8\`, then a byte-level walk of the JSON grammar that builds nothing. "decode + JSON.parse" is the alternative (what decoding to another encoding costs); the scan is chosen because it is faster and names the byte of the first error. Payloads: datagen \`users\` documents, alone and as arrays of 5 and 80; each case runs ${ROUNDS} rounds of ${roundMs} ms after a warm-up round, the cases' rounds alternating; median and spread (fastest–slowest round) per payload.`,
      `The job rows run datagen (pool of 1,000 ~200-byte documents) → no-op sink with \`validate_json\` forced on and off (datagen declares \`validPayloads\`, so by default it is not scanned), alternating, 3 runs of ${jobMs / 1000} s each; "scan µs/event" is the difference of the medians. Kafka and Pub/Sub jobs pay the same per-payload cost, small next to their client costs (see their sections).`,
      `One process on a ${os.cpus().length}-core machine that also runs the test JVMs and other work (1-minute load average ${loadBefore.toFixed(1)} at the start of this run, ${os.loadavg()[0].toFixed(1)} at the end): compare rows of the same run; absolute figures move by ±20 % and more between runs.`,
    ],
  };
};

export default bench;
