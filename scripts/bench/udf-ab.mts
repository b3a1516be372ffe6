// A/B of the UDF sandbox between this tree and another copy of plugins/udf (e.g. an older commit
// unpacked with `git archive <commit> plugins/udf | tar -x -C <dir>`, <dir> inside this tree so its imports find
// node_modules; add it to .git/info/exclude), alternating in one process:
//   node --expose-gc --conditions=mstream-source --import tsx scripts/bench/udf-ab.mts <dir> [rounds] [seconds]
// Per round and side: (1) the sandbox thread's work on one 500-document batch (stage 4 parts,
// run, encode), inline, as CPU µs per event (minimum over repeats); (2) a real job (in-memory
// source → udf → no-op sink, batch 500) as events/s, with the CPU µs per event of its threads
// read from /proc (the job's thread and the busiest other thread, the sandbox's).
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEvent, definePlugin, utf8 } from '@mstream/sdk';
import { startBenchHost } from './bench-host.js';
import { noopPlugin } from './noop-plugin.js';

const [baseDir, roundsArg, secondsArg] = process.argv.slice(2);
if (!baseDir) throw new Error('usage: udf-ab.mts <dir holding plugins/udf> [rounds] [seconds]');
const rounds = Number(roundsArg ?? 3);
const seconds = Number(secondsArg ?? 4);
const here = path.resolve(import.meta.dirname, '../..');
const sides = { A: path.resolve(baseDir), B: here };

const SCRIPT = `function transform(docs) {
  for (const d of docs) { d.email = mask_email(d.email); d.phone = mask_phone(d.phone); d.birth = mask_year_only(d.birth); }
  return docs;
}`;
const doc = (i: number) => ({ id: `cust-${String(i).padStart(8, '0')}`, name: `Customer Number ${i}`, email: `customer.${i}@example.com`, phone: `+1-555-${String(i % 10000).padStart(4, '0')}-0199`, birth: '1987-06-15', address: { street: `${i % 999} Long Main Street`, city: 'Springfield', zip: '12345', country: 'US' }, tags: ['gold', 'newsletter', 'eu'], balance: i * 1.25, active: i % 2 === 0 });
const payloads = Array.from({ length: 500 }, (_, i) => utf8(JSON.stringify(doc(i))));
const attributes = payloads.map(() => ({ source: 'bench' }));

async function load(dir: string) {
  const src = path.join(dir, 'plugins/udf/src');
  const engine = (await import(path.join(src, 'sandbox/quickjs-engine.ts'))) as typeof import('../../plugins/udf/src/sandbox/quickjs-engine.js');
  const transcode = (await import(path.join(src, 'sandbox/json-transcode.ts'))) as typeof import('../../plugins/udf/src/sandbox/json-transcode.js');
  const plugin = ((await import(path.join(src, 'index.ts'))) as { default: unknown }).default;
  return { engine, transcode, plugin };
}

/** The sandbox thread's share of one batch, inline: CPU µs per event, minimum of `repeats` blocks. */
async function sandboxCpu(side: Awaited<ReturnType<typeof load>>): Promise<number> {
  const { engine } = await side.engine.QuickJsEngine.create(SCRIPT, 'mask.js', { timeoutMs: 5000, memoryLimitMb: 64 });
  if (!engine) throw new Error('no engine');
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let start = 0; start < 500; start += 128) {
    const end = Math.min(500, start + 128);
    const docs = payloads.slice(start, end).map((p) => new side.transcode.JsonText(p, () => JSON.parse(Buffer.from(p).toString())));
    parts.push(side.transcode.writeBinaryJsonWithText([docs, attributes.slice(start, end)]));
  }
  let callId = 0;
  const batch = () => {
    const id = ++callId;
    for (const part of parts) engine.stage(id, part);
    const result = engine.call({ staged: { callId: id, parts: parts.length } }, true);
    if (!result.ok) throw new Error(result.error.message);
  };
  for (let i = 0; i < 200; i++) batch();
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < 100; i++) batch();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / (100 * 500));
  }
  engine.dispose();
  return best;
}

/** CPU time (ticks) of each thread of this process. */
function threadTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(tid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return ticks;
}

function replayPlugin() {
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

async function job(plugin: unknown): Promise<{ rate: number; mainUs: number; sandboxUs: number }> {
  const { host, stop } = await startBenchHost([replayPlugin(), plugin, noopPlugin()], {
    services: [
      { provider: 'replay', name: 'replay' },
      { provider: 'udf', name: 'scripts', sources: [{ filename: 'mask.js', content: SCRIPT }] },
      { provider: 'noop', name: 'null' },
    ],
    connectors: [{
      name: 'udf-ab',
      source: { service_name: 'replay', resource: 'docs', output_encoding: 'json' },
      middlewares: [{ service_name: 'scripts', resource: 'mask.js', output_encoding: 'json' }],
      sinks: [{ service_name: 'null', resource: 'x', output_encoding: 'json' }],
      batch: { size: 500, max_wait_ms: 5 },
    }],
  });
  const processed = () => host.jobs!.metrics('udf-ab')?.eventsProcessed ?? 0;
  while (processed() < 20_000) await new Promise((r) => setTimeout(r, 5));
  const before = threadTicks();
  const n0 = processed();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const n = processed() - n0;
  const elapsed = (performance.now() - t0) / 1000;
  const after = threadTicks();
  await stop();
  const tick = 1e6 / 100;
  const deltas = [...after].map(([tid, t]) => [tid, t - (before.get(tid) ?? 0)] as const);
  const main = deltas.find(([tid]) => tid === String(process.pid))?.[1] ?? 0;
  const sandbox = Math.max(...deltas.filter(([tid]) => tid !== String(process.pid)).map(([, d]) => d));
  return { rate: n / elapsed, mainUs: (main * tick) / n, sandboxUs: (sandbox * tick) / n };
}

const loaded = { A: await load(sides.A), B: await load(sides.B) };
const results: Record<'A' | 'B', { cpu: number[]; rate: number[]; main: number[]; sandbox: number[] }> = {
  A: { cpu: [], rate: [], main: [], sandbox: [] },
  B: { cpu: [], rate: [], main: [], sandbox: [] },
};
for (let r = 0; r < rounds; r++) {
  const order: Array<'A' | 'B'> = r % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
  for (const name of order) {
    const load1 = os.loadavg()[0].toFixed(2);
    const cpu = await sandboxCpu(loaded[name]);
    const j = await job(loaded[name].plugin);
    const res = results[name];
    res.cpu.push(cpu);
    res.rate.push(j.rate);
    res.main.push(j.mainUs);
    res.sandbox.push(j.sandboxUs);
    console.log(`round ${r + 1} ${name}: sandbox inline ${cpu.toFixed(2)} µs/event; job ${Math.round(j.rate)} events/s, job thread ${j.mainUs.toFixed(2)} µs/event, sandbox thread ${j.sandboxUs.toFixed(2)} µs/event (load ${load1})`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const name of ['A', 'B'] as const) {
  const res = results[name];
  console.log(`${name} (${sides[name]}): median sandbox inline ${median(res.cpu).toFixed(2)} µs/event, job ${Math.round(median(res.rate))} events/s, job thread ${median(res.main).toFixed(2)}, sandbox thread ${median(res.sandbox).toFixed(2)} µs/event`);
}
console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(0);
