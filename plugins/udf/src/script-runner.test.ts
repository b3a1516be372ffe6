import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Binary, Decimal128, ObjectId, Timestamp } from 'bson';
import { createScriptRunner, ScriptError, type ScriptInput, type ScriptRunner } from './script-runner.js';
import { CompiledScript, PayloadError } from './script-runner.js';
import { QuickJsEngine } from './sandbox/quickjs-engine.js';
import { writeBinaryJson } from './sandbox/binary-json.js';
import { readOutputs } from './sandbox/payload-call.js';

const runners: ScriptRunner[] = [];
function runner(source: string, options: Parameters<typeof createScriptRunner>[1] = {}): ScriptRunner {
  const r = createScriptRunner(source, { isolation: 'inline', ...options });
  runners.push(r);
  return r;
}
after(() => Promise.all(runners.map((r) => r.dispose())));

describe('script runner: contract', () => {
  it('result(data) with one argument keeps the incoming attributes', async () => {
    const out = await runner('function transform(d, a) { d.x = 1; return result(d); }').run({ y: 2 }, { origin: 'kafka' });
    assert.deepEqual(out, [{ data: { y: 2, x: 1 }, attributes: { origin: 'kafka' }, origin: 0 }]);
  });
  it('result(data, attributes) replaces the attributes, stringifying values', async () => {
    const out = await runner('function transform(d, a) { return result(d, { n: 3, ok: true, gone: null }); }').run({}, { old: 'x' });
    assert.deepEqual(out[0].attributes, { n: '3', ok: 'true' });
  });
  it('edits of the attributes object are kept when the script returns only data', async () => {
    const out = await runner('function transform(d, a) { a.seen = 1; return d; }').run({}, { k: 'v' });
    assert.deepEqual(out[0].attributes, { k: 'v', seen: '1' });
  });
  it('null, result(null) and an empty array drop the event', async () => {
    for (const body of ['return null', 'return result(null)', 'return []']) {
      assert.deepEqual(await runner(`function transform(d) { ${body}; }`).run({ a: 1 }), []);
    }
  });
  it('an array or results([...]) fans one event out, with per-item attributes from result()', async () => {
    const out = await runner('function transform(d, a) { return results([{ i: 1 }, result({ i: 2 }, { part: "2" })], { shared: "y" }); }').run({}, { k: 'v' });
    assert.deepEqual(out.map((o) => [o.data, o.attributes]), [[{ i: 1 }, { shared: 'y' }], [{ i: 2 }, { part: '2' }]]);
    const plain = await runner('function transform(d) { return d.items; }').run({ items: [{ a: 1 }, { a: 2 }, null] }, { k: 'v' });
    assert.deepEqual(plain.map((o) => [o.data, o.attributes]), [[{ a: 1 }, { k: 'v' }], [{ a: 2 }, { k: 'v' }]]);
  });
  it('batch mode gives the array of documents and keeps each surviving document with its own attributes', async () => {
    const r = runner('function transform(docs, first, all) { return docs.filter((d) => d.keep).map((d) => { d.n = docs.length; return d; }); }');
    const out = await r.runBatch(
      [
        { data: { id: 1, keep: true }, attributes: { i: '1' } },
        { data: { id: 2, keep: false }, attributes: { i: '2' } },
        { data: { id: 3, keep: true }, attributes: { i: '3' } },
      ],
      true,
    );
    assert.deepEqual(out, [
      { data: { id: 1, keep: true, n: 3 }, attributes: { i: '1' }, origin: 0 },
      { data: { id: 3, keep: true, n: 3 }, attributes: { i: '3' }, origin: 2 },
    ]);
  });
  it('batch mode rejects a non-array result with a clear message', async () => {
    await assert.rejects(runner('function transform(docs) { return docs[0]; }').runBatch([{ data: {}, attributes: {} }], true), /must return an array/);
  });
  it('BSON values survive a script that edits the document, and scripts see them as extended JSON', async () => {
    const doc = { _id: new ObjectId(), email: 'ann@example.com', at: new Date('2024-02-03T04:05:06.789Z'), price: Decimal128.fromString('19.90'), big: 9007199254740993n, bin: new Binary(Buffer.from([1, 2, 3]), 0x80), ts: new Timestamp({ t: 7, i: 2 }) };
    const r = runner('function transform(d) { d.email = mask_email(d.email); d.seen = [typeof d._id.$oid, d.at.$date, d.price.$numberDecimal, d.big.$numberLong]; return d; }');
    const [out] = await r.run(doc);
    const data = out.data as Record<string, unknown>;
    assert.equal(data.email, 'a***@example.com');
    assert.deepEqual(data.seen, ['string', '2024-02-03T04:05:06.789Z', '19.90', '9007199254740993']);
    assert.ok(data._id instanceof ObjectId && data._id.equals(doc._id));
    assert.deepEqual(data.at, doc.at);
    assert.ok(data.price instanceof Decimal128 && data.price.toString() === '19.90');
    assert.equal(data.big, 9007199254740993n);
    assert.ok(data.bin instanceof Binary && data.bin.sub_type === 0x80 && Buffer.from(data.bin.buffer).equals(Buffer.from([1, 2, 3])));
    assert.ok(data.ts instanceof Timestamp && data.ts.t === 7 && data.ts.i === 2);
  });
  it('validate reports a syntax error with its line, and a script without transform', async () => {
    const bad = await runner('function transform(d) {\n  return d +;\n}').validate();
    assert.equal(bad.valid, false);
    assert.equal(bad.diagnostics[0].line, 2);
    assert.match(bad.diagnostics[0].message, /SyntaxError/);
    const missing = await runner('function other() {}').validate();
    assert.match(missing.diagnostics[0].message, /must define function transform/);
    assert.deepEqual(await runner('function transform(d) { return d; }').validate(), { valid: true, diagnostics: [] });
  });
  it('a throwing script rejects with a ScriptError carrying the message and line', async () => {
    const error = await runner('function transform(d) {\n  return d.a.b;\n}', { filename: 'bad.js' }).run({}).catch((e) => e);
    assert.ok(error instanceof ScriptError);
    assert.equal(error.line, 2);
    assert.match(error.message, /script "bad.js" line 2: TypeError: cannot read property 'b' of undefined/);
  });
});

describe('script runner: sandbox', () => {
  it('exposes no require, process, fs, network or timers, not even through the Function constructor', async () => {
    const [out] = await runner(`function transform() {
      return { t: [typeof require, typeof process, typeof fs, typeof fetch, typeof XMLHttpRequest, typeof setTimeout, typeof setInterval,
        typeof globalThis.process, typeof std, typeof os, [].constructor.constructor('return typeof process')(), typeof Function('return this')().process] };
    }`).run({});
    assert.deepEqual((out.data as { t: string[] }).t, Array(12).fill('undefined'));
  });
  it('prototype pollution does not reach the next event', async () => {
    const r = runner('function transform(d) { try { Object.prototype.polluted = "yes"; Array.prototype.push = null; } catch (e) {} return { p: ({}).polluted, push: typeof [].push }; }');
    await r.run({});
    const [out] = await r.run({});
    assert.deepEqual(out.data, { push: 'function' });
  });
  for (const [name, source] of [
    ['an endless loop', 'function transform() { for (;;) {} }'],
    ['deep recursion', 'function f(n) { return f(n + 1) + 1; } function transform() { return f(0); }'],
    ['a memory bomb', 'function transform() { const a = []; for (;;) a.push(new Array(1e5).fill(1)); }'],
    ['a catastrophic regular expression', 'function transform() { return /^(a+)+$/.test("a".repeat(40) + "b"); }'],
  ] as const) {
    it(`stops ${name} with a ScriptError and keeps working for the next event`, async () => {
      // Worker isolation: a memory bomb can spend seconds in QuickJS's GC, where the interrupt
      // handler is not polled; the thread backstop stops it.
      const r = runner(source, { timeoutMs: 300, memoryLimitMb: 16, isolation: 'worker' });
      const started = Date.now();
      await assert.rejects(r.run({}), (e: unknown) => e instanceof ScriptError && /interrupted|stack overflow|out of memory|killed/.test(e.message));
      assert.ok(Date.now() - started < 5000);
      await assert.rejects(r.run({}), ScriptError);
    });
  }
  it('a worker sandbox is killed when a loop of builtins outlives the interrupt, and the next call works', async () => {
    const r = runner('function transform(d) { if (d.spin) { const a = []; for (;;) a.push("x".repeat(100000)); } return d; }', { isolation: 'worker', timeoutMs: 200 });
    await assert.rejects(r.run({ spin: true }), /interrupted|killed|out of memory/);
    assert.deepEqual((await r.run({ ok: 1 }))[0].data, { ok: 1 });
  });
  it('two workers split a single-mode call and keep the order', async () => {
    const r = runner('function transform(d) { return { i: d.i * 2 }; }', { isolation: 'worker', workers: 2 });
    const inputs = Array.from({ length: 200 }, (_, i) => ({ data: { i }, attributes: {} }));
    const out = await r.runBatch(inputs, false);
    assert.deepEqual(out.map((o) => (o.data as { i: number }).i), inputs.map((x) => x.data.i * 2));
    assert.deepEqual(out.map((o) => o.origin), inputs.map((_, i) => i));
  });
});

describe('script runner: binary JSON transport gives what JSON strings give', () => {
  const inputs: ScriptInput[] = [
    { data: { id: 1, email: 'ann@example.com', tags: ['a', 'b'], nested: { deep: [1, { x: null }] }, text: 'é€😀\ud800' }, attributes: { k: 'v' } },
    { data: { id: 2, email: 'bob@example.com', n: -0.5, big: 2 ** 40, at: { $date: '2024-01-02T03:04:05.000Z' } }, attributes: {} },
    { data: [1, 'two', null], attributes: { list: 'yes' } },
    { data: { id: 4 }, attributes: { '1': 'index key', é: '€ 😀', empty: '' } },
  ];
  for (const [name, source, batchMode] of [
    ['masking in batch mode', 'function transform(docs) { for (const d of docs) if (d.email) d.email = mask_email(d.email); return docs; }', true],
    ['fan-out and drop', 'function transform(d, a) { if (d.id === 2) return null; return results([d, { copy: d.id }], { fan: "1" }); }', false],
    ['dates, NaN, undefined and boxed values', 'function transform(d) { return { at: new Date(0), bad: new Date(NaN), nan: NaN, u: undefined, list: [undefined, new String("s")], d }; }', false],
    ['values only JSON.stringify can interpret', 'function transform(d) { return { m: new Map([[1, 2]]), f() {}, r: /x/, kept: d.id }; }', false],
    ['a toJSON method', 'class Money { constructor(c) { this.c = c; } toJSON() { return this.c / 100; } } function transform(d) { return { price: new Money(1999), id: d.id }; }', false],
    ['attributes set by the script', 'function transform(d, a) { a.seen = 1; return result(d, { n: 2, keep: a.k }); }', false],
    // The input array returned as it is goes out as columns on the binary path (see the prelude).
    ['batch edited in place, attributes edited too', 'function transform(docs, first, all) { docs[0].x = 1; all[0].seen = 2; all[1].n = null; all[2] = { list: 3 }; return docs; }', true],
    ['batch returned in place with one document twice', 'function transform(docs) { docs[1] = docs[0]; docs[0].both = true; return docs; }', true],
    ['batch returned in place with a dropped and a wrapped item', 'function transform(docs) { docs[1] = null; docs[2] = result(docs[2], { own: "1" }); return docs; }', true],
    ['batch returned in place holding values only JSON.stringify can interpret', 'function transform(docs) { docs[0].f = function () {}; docs[1].m = new Map(); return docs; }', true],
    // Columns carry the attribute maps unchecked; the host checks their encoding (attribute-check.ts).
    ['batch returned in place, attribute maps given values that are not strings', 'function transform(docs, first, all) { all[0].n = 5; all[1].o = { x: [1] }; all[2].u = undefined; all[3].t = true; return docs; }', true],
    ['batch returned in place, attribute maps replaced by null, a shared map and a string map', 'function transform(docs, first, all) { all[0] = null; all[1] = all[3]; all[2] = { fresh: "yes" }; return docs; }', true],
    ['batch returned in place, attribute maps a date, a boxed string and one with an enumerable prototype', 'function transform(docs, first, all) { all[0] = new Date(0); all[1] = new String("ab"); all[2] = Object.create({ inherited: 1 }, { own: { value: "v", enumerable: true } }); return docs; }', true],
    ['batch returned in place, attribute maps with a getter and a hidden number, list cut short', 'function transform(docs, first, all) { Object.defineProperty(all[0], "g", { get() { return "got"; }, enumerable: true }); Object.defineProperty(all[1], "h", { value: 1, enumerable: false }); all.length = 3; return docs; }', true],
    ['batch returned in place, attribute list getter and extra entries', 'function transform(docs, first, all) { Object.defineProperty(all, 1, { get() { return { via: "getter" }; } }); all.push({ extra: "x" }); return docs; }', true],
  ] as const) {
    it(name, async () => {
      const binary = await runner(source).runBatch(inputs, batchMode);
      const json = await runner(source, { transport: 'json' }).runBatch(inputs, batchMode);
      assert.deepEqual(binary, json);
      assert.ok(binary.length > 0);
    });
  }
  it('a Result kept from an earlier batch and returned in place later is unwrapped on both', async () => {
    // columns skips its instanceof check only until result() first runs (see the prelude).
    const source = 'let kept; function transform(docs) { if (!kept) { kept = result({ kept: true }, { own: "1" }); return docs; } docs[1] = kept; return docs; }';
    const outputs = [];
    for (const transport of ['binary', 'json'] as const) {
      const r = runner(source, { transport });
      await r.runBatch(inputs, true);
      outputs.push(await r.runBatch(inputs, true));
    }
    assert.deepEqual(outputs[0], outputs[1]);
    assert.deepEqual(outputs[0][1], { data: { kept: true }, attributes: { own: '1' }, origin: 1 });
  });
  for (const replacement of ['["x"]', '"text"', '7']) {
    it(`an attribute map replaced by ${replacement} in a batch returned in place is the same ScriptError on both`, async () => {
      const source = `function transform(docs, first, all) { all[1] = ${replacement}; return docs; }`;
      const messages = [];
      for (const transport of ['binary', 'json'] as const) {
        const error = await runner(source, { transport }).runBatch(inputs, true).then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof ScriptError && /attributes must be an object of strings/.test(error.message), String(error));
        messages.push([error.message, error.index]);
      }
      assert.deepEqual(messages[0], messages[1]);
    });
  }
  it('a result with an invalid extended-JSON wrapper is a ScriptError, not a crash', async () => {
    await assert.rejects(runner('function transform(d) { return { id: { $oid: "not hex" } }; }').run({}), (e: unknown) => e instanceof ScriptError && /invalid extended-JSON/.test(e.message));
  });
  for (const [name, source] of [
    ['a BigInt', 'function transform(d) { return { n: 1n }; }'],
    ['a cycle', 'function transform(d) { d.self = d; return d; }'],
  ] as const) {
    it(`${name} in the output is a ScriptError on both`, async () => {
      for (const transport of ['binary', 'json'] as const) {
        await assert.rejects(runner(source, { transport }).run({ a: 1 }), (e: unknown) => e instanceof ScriptError && /BigInt|circular/i.test(e.message));
      }
    });
  }
});

describe('compiled script: payload calls (JSON parsed and encoded in the sandbox threads)', () => {
  const scripts: CompiledScript[] = [];
  after(() => Promise.all(scripts.map((s) => s.dispose())));
  const compiled = (source: string) => {
    const script = new CompiledScript(source, { workers: 2, isolation: 'worker' });
    scripts.push(script);
    return script;
  };
  const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  it('splits the payloads over two sandboxes and returns encoded payloads in input order', async () => {
    const inputs = Array.from({ length: 100 }, (_, i) => ({ i, email: `user${i}@example.com`, text: 'é€😀' }));
    const out = await compiled('function transform(d) { d.email = mask_email(d.email); return d.i % 10 === 3 ? null : d; }').runPayloads(
      inputs.map(bytes),
      inputs.map((d) => ({ n: String(d.i) })),
      false,
    );
    const kept = inputs.filter((d) => d.i % 10 !== 3);
    assert.equal(out.length, kept.length);
    for (const [k, output] of out.entries()) {
      assert.ok('payload' in output);
      assert.deepEqual(JSON.parse(new TextDecoder().decode(output.payload)), { ...kept[k], email: `u***@example.com` });
      assert.deepEqual(output.attributes, { n: String(kept[k].i) });
      assert.equal(output.origin, kept[k].i);
    }
  });
  it('names the event whose payload is not JSON', async () => {
    const payloads = Array.from({ length: 80 }, (_, i) => (i === 57 ? new TextEncoder().encode('{"broken": ') : bytes({ i })));
    await assert.rejects(compiled('function transform(d) { return d; }').runPayloads(payloads, payloads.map(() => ({})), false), (e: unknown) => e instanceof PayloadError && e.index === 57 && /not valid JSON/.test(e.message));
  });
  it('returns values when an output holds extended JSON, so BSON types come back typed', async () => {
    const inputs = Array.from({ length: 70 }, (_, i) => ({ i }));
    const out = await compiled('function transform(d) { d.at = { $date: "2024-01-02T03:04:05.000Z" }; return d; }').runPayloads(inputs.map(bytes), inputs.map(() => ({})), false);
    assert.equal(out.length, 70);
    for (const output of out) {
      assert.ok(!('payload' in output));
      assert.ok((output.data as { at: unknown }).at instanceof Date);
    }
  });
});

describe('compiled script: large calls are staged part by part', () => {
  it('a batch of 700 in a worker sandbox arrives whole and in order', async () => {
    const r = runner('function transform(docs) { return docs.map((d, i) => ({ i: d.i, seen: docs.length, at: i })); }', { isolation: 'worker' });
    const inputs = Array.from({ length: 700 }, (_, i) => ({ data: { i }, attributes: { n: String(i) } }));
    const out = await r.runBatch(inputs, true);
    assert.equal(out.length, 700);
    out.forEach((o, i) => {
      assert.deepEqual(o.data, { i, seen: 700, at: i });
      assert.deepEqual(o.attributes, { n: String(i) });
      assert.equal(o.origin, i);
    });
  });
  it('never runs a partial batch: missing parts are an error, parts of an older call are dropped', async () => {
    const { engine } = await QuickJsEngine.create('function transform(docs) { return docs; }', 's.js', { timeoutMs: 1000, memoryLimitMb: 32 });
    try {
      const part = (from: number) => writeBinaryJson([[{ i: from }, { i: from + 1 }], [{}, {}]]);
      engine!.stage(1, part(0));
      const missing = engine!.call({ staged: { callId: 1, parts: 2 } }, true);
      assert.ok(!missing.ok && /lost 1 of 2 parts/.test(missing.error.message));
      engine!.stage(2, part(0));
      engine!.stage(3, part(10));
      engine!.stage(3, part(20));
      const joined = engine!.call({ staged: { callId: 3, parts: 2 } }, true);
      const read = readOutputs(joined);
      assert.ok(read.ok);
      assert.deepEqual(read.outputs.map(([d]) => d), [{ i: 10 }, { i: 11 }, { i: 20 }, { i: 21 }]);
    } finally {
      engine!.dispose();
    }
  });
});
