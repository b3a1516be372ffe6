// UDF throughput: a masking script over ~300-byte JSON documents at batch 500, through the udf
// middleware (as the job runner calls it) and through each QuickJS variant, next to the same
// function in plain Node in the same run.
import { createEvent, utf8, type Middleware, type StreamEvent } from '@mstream/sdk';
import { createTestContext } from '@mstream/sdk/testing';
import { udfMiddleware } from '../../plugins/udf/src/udf-middleware.js';
import { ScriptStore } from '../../plugins/udf/src/script-store.js';
import { CompiledScript } from '../../plugins/udf/src/script-runner.js';
import type { EngineVariant } from '../../plugins/udf/src/sandbox/quickjs-engine.js';
import os from 'node:os';
import type { BenchModule, BenchSection, Measurement } from './bench-types.js';
import { fmt, measure } from './measure.js';

const BATCH = 500;
const SCRIPT = `function transform(docs) {
  for (const d of docs) { d.email = mask_email(d.email); d.phone = mask_phone(d.phone); d.birth = mask_year_only(d.birth); }
  return docs;
}`;
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
    record(`udf middleware, batch mode, worker thread ×${workers}${workers > 1 ? ' (batch split)' : ''}`, await loop(async () => (await middleware.transform(events, signal)).length));
    await middleware.close?.();
    await context.dispose();
  }

  const texts = payloads.map((p) => Buffer.from(p).toString('utf8'));
  const attrs = events.map((e) => e.attributes);
  for (const variant of ['release-sync', 'release-async', 'debug-sync'] as EngineVariant[]) {
    const script = new CompiledScript(SCRIPT, { isolation: 'inline', variant, timeoutMs: 60_000 });
    record(`QuickJS ${variant}, inline, batch mode (engine only)`, await loop(async () => (await script.runTexts(texts, attrs, true)).length));
    await script.dispose();
  }
  {
    const script = new CompiledScript(SINGLE, { isolation: 'inline', timeoutMs: 5000 });
    const one = texts.slice(0, 1);
    const oneAttrs = attrs.slice(0, 1);
    record('QuickJS release-sync, inline, one call per event (batch size 1)', await loop(async () => {
      for (let i = 0; i < 50; i++) await script.runTexts(one, oneAttrs, false);
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
      `Script: mask_email, mask_phone and mask_year_only on every document; ${BATCH} JSON documents of ${avgBytes} bytes per call, one sandbox call per batch (one JSON string in, one out). Target: ≥ 50,000 events/s at batch 500.`,
      'The "udf middleware" rows call the middleware exactly as the job runner does (UTF-8 decode and JSON validation per payload, QuickJS in a worker thread, output re-encoded per event). "Engine only" rows run CompiledScript.runTexts in the calling thread, without the middleware\'s payload handling. ×2 splits each batch into two halves run in two threads (opt-in `workers = 2`, only valid for scripts that treat documents independently).',
      `Load average (1 min) on this 2-core machine: ${loadBefore} at start, ${os.loadavg()[0].toFixed(1)} at the end (the three test-server JVMs run beside it); with load above ~2 every row is slowed, the QuickJS rows (single-threaded wasm, plus a worker thread) more than the baseline.`,
      'Where the time goes (CPU profiles of the ×1 middleware): the sandbox thread is busy ~85 % of the time inside QuickJS (JSON.parse, the helpers, JSON.stringify of the batch), the main thread ~35 % (payload checks, message passing, re-encoding). A QuickJS call with a single inline mask (no helpers) reaches ~51,000 events/s on this machine, which bounds what one sandbox thread can do; ×2 splits the work over both cores, but the cores are shared with the main thread and the JVMs. The QuickJS-NG build (@jitl/quickjs-ng-wasmfile-release-sync 0.32.0, tried outside the repo) was ~20 % slower on the same call, so it is not used.',
      'The baseline is the same masking written as plain Node functions, including JSON.parse/JSON.stringify per event, in the same process and run. The machine has 2 cores shared with three JVM test servers, so absolute numbers vary by ±30% between runs; compare rows of the same run.',
    ],
  };
};

export default bench;
