// UDF throughput: a masking script over ~300-byte JSON documents at batch 500, through the udf
// middleware (as the job runner calls it) and through each QuickJS variant, next to the same
// function in plain Node in the same run.
import { createEvent, definePlugin, utf8, type Middleware, type StreamEvent } from '@mstream/sdk';
import udfPlugin from '../../plugins/udf/src/index.js';
import { startBenchHost } from './bench-host.js';
import { noopPlugin } from './noop-plugin.js';
import { createTestContext } from '@mstream/sdk/testing';
import { udfMiddleware } from '../../plugins/udf/src/udf-middleware.js';
import { ScriptStore } from '../../plugins/udf/src/script-store.js';
import { CompiledScript } from '../../plugins/udf/src/script-runner.js';
import type { EngineVariant, Transport } from '../../plugins/udf/src/sandbox/quickjs-engine.js';
import os from 'node:os';
import type { BenchModule, BenchSection, Measurement } from './bench-types.js';
import { fmt, measure } from './measure.js';

const BATCH = 500;
const SCRIPT = `function transform(docs) {
  for (const d of docs) { d.email = mask_email(d.email); d.phone = mask_phone(d.phone); d.birth = mask_year_only(d.birth); }
  return docs;
}`;
// The same script, declaring that it treats each document on its own (README "Parallelism").
const INDEPENDENT = `const independent = true;\n${SCRIPT}`;
const SINGLE = `function transform(d) { d.email = mask_email(d.email); d.phone = mask_phone(d.phone); d.birth = mask_year_only(d.birth); return d; }`;

function doc(i: number) {
  return {
    id: `cust-${String(i).padStart(8, '0')}`,
    name: `Customer Number ${i}`,
    email: `customer.${i}@example.com`,
    phone: `+1-555-${String(i % 10000).padStart(4, '0')}-0199`,
    birth: '1987-06-15',
    address: { street: `${i % 999} Long Main Street`, city: 'Springfield', zip: '12345', country: 'US' },
    tags: ['gold', 'newsletter', 'eu'],
    balance: i * 1.25,
    active: i % 2 === 0,
  };
}

// Plain-Node versions of the helpers, for the baseline.
const maskEmail = (s: string) => { const at = s.indexOf('@'); return at < 0 ? s : at <= 1 ? '*' + s.slice(at) : s[0] + '***' + s.slice(at); };
const maskPhone = (s: string) => (s.length <= 4 ? s : '*'.repeat(s.length - 4) + s.slice(-4));
const maskYear = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? s.slice(0, 4) + '-01-01' : s);

/** A source that replays `payloads` forever (positions count up), for the job row. */
function replayPlugin(payloads: Uint8Array[]) {
  let seq = 0;
  return definePlugin({
    id: 'replay',
    version: '0.0.0',
    sdk: '*',
    register(r) {
      r.service({ provider: 'replay', configSchema: { type: 'object' }, connect: () => ({}) });
      r.source({
        provider: 'replay',
        resume: 'none',
        create: () => ({
          open: async () => {},
          read: async (max: number) => Array.from({ length: max }, () => createEvent({ position: utf8(String(seq)), payload: payloads[seq++ % payloads.length], encoding: 'json', attributes: { source: 'bench' } })),
          ack: async () => {},
          close: async () => {},
        }),
      });
    },
  });
}

/** Events/s of a real job, counted by its metrics from the first processed batch on. */
async function jobRun(payloads: Uint8Array[], durationMs: number, script = SCRIPT): Promise<Measurement> {
  const { host, stop } = await startBenchHost([replayPlugin(payloads), udfPlugin, noopPlugin()], {
    services: [
      { provider: 'replay', name: 'replay' },
      { provider: 'udf', name: 'scripts', sources: [{ filename: 'mask.js', content: script }] },
      { provider: 'noop', name: 'null' },
    ],
    connectors: [{
      name: 'udf-bench',
      source: { service_name: 'replay', resource: 'docs', output_encoding: 'json' },
      middlewares: [{ service_name: 'scripts', resource: 'mask.js', output_encoding: 'json' }],
      sinks: [{ service_name: 'null', resource: 'x', output_encoding: 'json' }],
      batch: { size: BATCH, max_wait_ms: 5 },
    }],
  });
  const processed = () => host.jobs!.metrics('udf-bench')?.eventsProcessed ?? 0;
  while (processed() === 0) await new Promise((r) => setTimeout(r, 5));
  const start = processed();
  const result = await measure(durationMs, async (signal, progress) => {
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        progress.events = processed() - start;
        if (signal.aborted) (clearInterval(tick), resolve());
      }, 50);
    });
    progress.events = processed() - start;
  });
  await stop();
  return result;
}

const bench: BenchModule = async (ctx): Promise<BenchSection> => {
  const loadBefore = os.loadavg()[0].toFixed(1);
  const payloads = Array.from({ length: BATCH }, (_, i) => utf8(JSON.stringify(doc(i))));
  const avgBytes = Math.round(payloads.reduce((n, p) => n + p.byteLength, 0) / BATCH);
  const events: StreamEvent[] = payloads.map((payload, i) => createEvent({ position: utf8(String(i)), payload, encoding: 'json', attributes: { source: 'bench' } }));
  const rows: BenchSection['rows'] = [];
  const results: Array<[string, Measurement]> = [];
  const record = (name: string, m: Measurement) => {
    results.push([name, m]);
    ctx.log(`${name}: ${fmt.rate(m.eventsPerSecond)} events/s`);
  };

  const loop = (step: () => Promise<number> | number) => measure(ctx.durationMs, async (signal, progress) => {
    while (!signal.aborted) {
      progress.events += await step();
      // Let the RSS sampler and abort timer run between batches.
      await new Promise((r) => setImmediate(r));
    }
  });

  record('plain Node function (baseline: parse, mask, stringify)', await loop(() => {
    for (const e of events) {
      const d = JSON.parse(Buffer.from(e.payload).toString('utf8'));
      d.email = maskEmail(d.email); d.phone = maskPhone(d.phone); d.birth = maskYear(d.birth);
      utf8(JSON.stringify(d));
    }
    return BATCH;
  }));

  for (const workers of [1, 2]) {
    const store = new ScriptStore(undefined);
    await store.write('mask.js', SCRIPT);
    const context = createTestContext({ batch: { size: BATCH, maxWaitMs: 50 } });
    const middleware = (await udfMiddleware.create({ service: store, resource: 'mask.js', options: { timeout_ms: 5000, memory_limit_mb: 64, workers }, context, encoding: 'json' })) as Middleware;
    const signal = new AbortController().signal;
    record(`udf middleware, batch mode, worker thread ×${workers}${workers > 1 ? ' (batch split)' : ''}, binary JSON transport, one batch at a time`, await loop(async () => (await middleware.transform(events, signal)).length));
    // As the job runner calls it: the middleware declares concurrentBatches = 2, so the next
    // batch is prepared in this thread while the sandbox thread runs the current one.
    let ahead: Promise<StreamEvent[]> | undefined;
    record(`udf middleware, batch mode, worker thread ×${workers}${workers > 1 ? ' (batch split)' : ''}, binary JSON transport, two batches in flight (as a job runs it)`, await loop(async () => {
      const current = ahead ?? middleware.transform(events, signal);
      ahead = middleware.transform(events, signal);
      return (await current).length;
    }));
    await ahead;
    await middleware.close?.();
    await context.dispose();
  }

  // The whole job: an in-memory source replaying the same payloads → udf (defaults) → no-op sink.
  record('mstream job: in-memory source → udf middleware (defaults, worker thread ×1) → no-op sink, batch 500', await jobRun(payloads, ctx.durationMs));
  const cores = Math.min(8, os.availableParallelism());
  record(`mstream job: as above, the script declaring \`const independent = true\` (defaults: one sandbox per core, ×${cores} here)`, await jobRun(payloads, ctx.durationMs, INDEPENDENT));

  const documents = payloads.map((p) => JSON.parse(Buffer.from(p).toString('utf8')) as unknown);
  const attrs = events.map((e) => e.attributes);
  const engineCases: Array<[EngineVariant, Transport]> = [
    ['release-sync', 'binary'],
    ['release-sync', 'json'],
    ['release-async', 'binary'],
    ['debug-sync', 'binary'],
  ];
  for (const [variant, transport] of engineCases) {
    const script = new CompiledScript(SCRIPT, { isolation: 'inline', variant, transport, timeoutMs: 60_000 });
    const how = transport === 'binary' ? 'binary JSON transport' : 'JSON string transport';
    record(`QuickJS ${variant}, inline, batch mode, ${how} (engine only)`, await loop(async () => (await script.runDocuments(documents, attrs, true)).length));
    await script.dispose();
  }
  {
    const script = new CompiledScript(SINGLE, { isolation: 'inline', timeoutMs: 5000 });
    const one = documents.slice(0, 1);
    const oneAttrs = attrs.slice(0, 1);
    record('QuickJS release-sync, inline, one call per event (batch size 1)', await loop(async () => {
      for (let i = 0; i < 50; i++) await script.runDocuments(one, oneAttrs, false);
      return 50;
    }));
    await script.dispose();
  }

  const baseline = results[0][1].eventsPerSecond;
  for (const [name, m] of results) {
    rows.push({ case: name, 'events/s': fmt.rate(m.eventsPerSecond), 'µs/event': fmt.micros(m.eventsPerSecond), 'peak RSS MiB': fmt.mib(m.peakRssMiB), 'vs plain Node': fmt.ratio(m.eventsPerSecond, baseline) });
  }
  return {
    area: 'udf',
    title: 'UDF (QuickJS) masking throughput',
    rows,
    notes: [
      `Script: mask_email, mask_phone and mask_year_only on every document; ${BATCH} JSON documents of ${avgBytes} bytes per call, one sandbox call per batch. Target (issue 19): the job at ≥ 0.6× the plain Node function and ≥ 100,000 events/s.`,
      'The "udf middleware" rows call the middleware directly. "Two batches in flight" is how a job runs it: the middleware declares concurrentBatches = 2, so the job runner starts the next batch while the current one is still in the sandbox (each sandbox still runs calls in order); "one batch at a time" is for comparison. ×1 is the default for a script that does not declare its documents independent: the job\'s thread writes each payload\'s JSON bytes straight into QuickJS binary JSON (json-transcode.ts: no JSON.parse and no object walk; anything outside its strict subset, and every invalid payload, goes through JSON.parse as before) in parts of 128 documents, which the sandbox thread decodes while the next part is prepared; the script runs once on the whole batch; a script that returns its input array sends the outputs back as columns (documents, attribute maps; origins implied) instead of one [data, attributes, origin] tuple per event, the attribute maps as the script left them, in a binary JSON array of their own that the sandbox thread checks in Node for plain string maps (attribute-check.ts; anything else goes through the prelude\'s normalisation as before); the outputs are written from QuickJS\'s binary JSON straight to JSON bytes. ×2 splits each batch into two parts run in two sandbox threads, each transcoding and encoding its own part. "Engine only" rows run CompiledScript.runDocuments on already-parsed documents in the calling thread, without the middleware\'s payload handling.',
      `The last job row is the same script with \`const independent = true;\` at its top: with \`workers\` unset the middleware then starts one sandbox per core (up to 8; ${cores} on this machine) and splits every batch across them. Scripts without the declaration keep one sandbox (the first job row), since a batch script may compare documents across the batch.`,
      'Where a ×1 call\'s time goes (single-thread profile of the same 500-document batch, minimum of 8 rounds, load ~4, 2026-12-07): plain Node baseline 2.7 µs/event; in the job\'s thread, transcoding the payloads 1.7 µs (JSON.parse + writeBinaryJson, the previous step, 2.1 µs) and outputs to JSON bytes 0.9 µs; in the sandbox, decoding the binary JSON 2.0 µs, the script with its three helper calls ~1.6 µs, gathering the outputs ~0.8 µs (was ~1.4 µs as tuples), encoding them 0.85 µs. So about 80 % of the sandbox\'s share is moving documents in and out, not running the script.',
      'Gathering, this round (2026-12-07, scripts/bench/udf-ab.mts, the sandbox thread\'s work run inline, minimum of 7 × 100 batches): most of the ~0.8 µs was the prelude checking, per event, that every attribute map holds strings only (a for-in loop in QuickJS). The maps now leave unchecked, as a second binary JSON array, and the sandbox thread checks that array\'s bytes in Node (a few ns per map); only when it holds anything but plain string maps (a number, null, an array, a date, a shared map, a getter …) does the prelude run the old normalisation on them, so results are unchanged (script-runner.test.ts compares such scripts with the JSON-string path). columns also skips its per-document instanceof Result check until result() has been called once (no Result can exist before). Gathering + encoding, measured as a script returning its input minus one returning null: 1.54 → ~1.0 µs/event. Evaluated and dropped: a charCode check instead of the date regex in mask_year_only and a cached run of asterisks in mask_phone (no gain beyond noise), parts of 64 or 256 documents instead of 128 (256 cut the sandbox thread\'s CPU per event but lowered the job rate: less overlap; 64 slower), and sending empty attribute maps differently (attributes cost the sandbox ~0.1 µs/event now).',
      'Helpers stay inside the sandbox: a host function called from QuickJS through quickjs-emscripten costs ~4.5 µs per call against ~1.2 µs for the same mask_email in QuickJS (strings are copied across the wasm boundary both ways on every call). Calling native helpers without a copy would need them compiled into our own QuickJS wasm build. mask_year_only now checks the length before its regular expressions (a QuickJS regex run costs ~0.3 µs even when it fails at once) and uses test() + slice(), ~25 % faster; helpers.test.ts compares every masking helper with its previous implementation on edge cases and random strings.',
      'Transport: inside QuickJS, JSON.parse costs ~12 µs and JSON.stringify ~10 µs per 300-byte document, which is why documents cross as binary JSON (QuickJS\'s own JS_WriteObject/JS_ReadObject format, written and read in Node). The format is undocumented, so each engine round-trips a probe through it at start and uses JSON strings if anything differs; scripts that mention toJSON also keep JSON strings (binary JSON does not call toJSON). The "JSON string transport" row is that fallback, measured in the same run.',
      'With one sandbox the job\'s thread and the sandbox thread each do about half the work, and on this 2-core machine both are close to saturated in the job (main thread ~85–90 % busy), so ×1 and ×2 use about the same total CPU here; ×2 pays off with more cores. Posting a reply from the sandbox thread often costs 0.3–0.8 ms when the machine is loaded (waking the job\'s thread competes for the two cores), against ~25 µs on an idle one: one reason the worker rows swing between runs.',
      'Spread (2026-12-07, seven full runs of the previous round\'s code, mostly while other benchmarks shared the machine, load 0.2–3.5 at start): the default job row 68–160 k events/s, 0.31–0.58× the baseline of the same run; the job row with the independence declaration 0.28–0.53×, no better than ×1 on two cores (three busy threads on two cores).',
      'A/B of this round (scripts/bench/udf-ab.mts: old plugins/udf from git archive next to the new one in one process, 6 alternating rounds, 4 s job runs, load 0.8–1.5): the sandbox thread\'s work per event inline 5.72 → 4.83 µs (−16 %; each round −10 to −18 %); in the job, the sandbox thread\'s CPU per event (from /proc) 6.17 → 5.26 µs (−15 %), the job\'s thread 5.36 → 5.34 µs, the job 141.7 k → 158.5 k events/s (+12 %; each round +9 to +15 %). An earlier A/B with only the attribute change, load 0.1–1.2: inline 5.47 → 4.97 µs, job 148 k → 168 k events/s. With one sandbox the two threads now cost about the same per event (~5.3 µs each, both ~85 % busy at ~160 k events/s), so further gains need both: the job\'s thread spends most of its share transcoding payloads (~1.5 µs) and writing outputs as JSON (~0.8 µs), the sandbox thread decoding (~2.0 µs), running the script (~1.6 µs) and encoding (~0.8 µs) whole documents; sending the sandbox only the fields a script uses would be the next step, but needs a proof of which fields a script can reach.',
      'Full runs of this benchmark after the change (2026-12-07, five runs between 12:18 and 12:32 UTC, nothing else running but the idle test servers, load 0.3–2.0): the default job row 126–159 k events/s, 0.63–0.71× the plain Node baseline of the same run (0.65, 0.68, 0.71, 0.63, 0.66; the table is the last run), the independence row 0.53–0.60×. The baselines of those runs (191–243 k events/s) were below the 291 k of the morning\'s quiet run, so the machine was slower than then for both sides; the old code\'s job ran 7–10 % slower in this hour\'s A/B than in that quiet run, and an estimate from that puts the new code near 170 k ≈ 0.58× of the morning\'s baseline. The target is a ratio to the baseline of the same run, and every run since the change meets it; the absolute rate stays the fragile part on this shared machine.',
      `Load average (1 min) on this 2-core machine: ${loadBefore} at start, ${os.loadavg()[0].toFixed(1)} at the end; other work on the machine slows every row, the two-thread QuickJS rows more than the single-threaded baseline.`,
      'Other engine builds: release-async (asyncify) is slower on the same call and debug-sync is unusable for throughput; the QuickJS-NG build (@jitl/quickjs-ng-wasmfile-release-sync 0.32.0, tried outside the repo with JSON strings) was ~20 % slower than release-sync, so it is not used.',
      'The baseline is the same masking written as plain Node functions, including JSON.parse/JSON.stringify per event, in the same process and run. Absolute numbers vary by ±30% between runs on this shared 2-core machine; compare rows of the same run.',
    ],
  };
};

export default bench;
