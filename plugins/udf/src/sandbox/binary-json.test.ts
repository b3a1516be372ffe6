import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newQuickJSWASMModule, RELEASE_SYNC, type QuickJSContext } from 'quickjs-emscripten';
import { NotJsonCompatible, readBinaryJson, writeBinaryJson } from './binary-json.js';
import { outputsAsJson } from './binary-json-text.js';

// Both directions are checked against the QuickJS build the plugin ships, not against a copy of
// the format: a QuickJS upgrade that changes it fails here (and the engine's boot probe falls
// back to JSON strings at run time).
const module = await newQuickJSWASMModule(RELEASE_SYNC);
const runtime = module.newRuntime();
const ctx: QuickJSContext = runtime.newContext();
after(() => {
  ctx.dispose();
  runtime.dispose();
});

function stringifyInside(bytes: Uint8Array): string {
  const decoded = ctx.newArrayBuffer(bytes.slice().buffer).consume((buffer) => ctx.decodeBinaryJSON(buffer));
  const stringify = ctx.unwrapResult(ctx.evalCode('(v) => JSON.stringify(v)'));
  const text = ctx.unwrapResult(ctx.callFunction(stringify, ctx.undefined, decoded)).consume((h) => ctx.getString(h));
  stringify.dispose();
  decoded.dispose();
  return text;
}

function encodeInside(expression: string): Uint8Array {
  const value = ctx.unwrapResult(ctx.evalCode(`(${expression})`));
  try {
    return ctx.encodeBinaryJSON(value).consume((h) => ctx.getArrayBuffer(h).consume((view) => view.value.slice()));
  } finally {
    value.dispose();
  }
}

function stringifyExpression(expression: string): string {
  return ctx.unwrapResult(ctx.evalCode(`JSON.stringify(${expression})`)).consume((h) => ctx.getString(h));
}

// A small seeded generator, so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const STRINGS = ['', 'a', 'plain ascii', 'quote " and \\ backslash', 'tab\tnew\nline\u0001', 'é ÿ ©', '\u0080\u009f', '€ 漢字', '😀 pair', '\ud800 lone', 'x'.repeat(300)];
const KEYS = ['id', 'name', '$oid', '__proto__', '0', '7', '123', 'a b', 'ключ', '😀', 'constructor'];
const NUMBERS = [0, 1, -1, 63, 64, -64, -65, 127, 128, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, -0.25, 1e300, -1e-300, 5e-324, 0.1 + 0.2];
function jsonValue(next: () => number, depth: number, keys = KEYS): unknown {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
  switch (kind) {
    case 0: return pick(STRINGS);
    case 1: return pick(NUMBERS);
    case 2: return pick([true, false, null]);
    case 3: return Math.round((next() - 0.5) * 1e6) / (next() < 0.5 ? 1 : 1000);
    case 4: return Array.from({ length: Math.floor(next() * 5) }, () => jsonValue(next, depth + 1, keys));
    default: {
      const text = `{${Array.from({ length: Math.floor(next() * 6) }, () => `${JSON.stringify(pick(keys))}:${JSON.stringify(jsonValue(next, depth + 1, keys))}`).join(',')}}`;
      return JSON.parse(text); // JSON.parse, so "__proto__" is an own key as in any payload
    }
  }
}

describe('binary JSON: Node writes, QuickJS reads', () => {
  it('every generated JSON value arrives in QuickJS exactly (QuickJS JSON.stringify = Node JSON.stringify)', () => {
    const next = random(42);
    for (let i = 0; i < 500; i++) {
      const value = jsonValue(next, 0);
      assert.equal(stringifyInside(writeBinaryJson(value)), JSON.stringify(value), `value #${i}`);
    }
  });
  it('writes -0 as a float (QuickJS keeps it negative) and int32 bounds as ints', () => {
    const bytes = writeBinaryJson([-0, 2147483647, -2147483648]);
    const decoded = ctx.newArrayBuffer(bytes.slice().buffer).consume((buffer) => ctx.decodeBinaryJSON(buffer));
    const check = ctx.unwrapResult(ctx.evalCode('(a) => [Object.is(a[0], -0), a[1] === 2147483647, a[2] === -2147483648].join()'));
    assert.equal(ctx.unwrapResult(ctx.callFunction(check, ctx.undefined, decoded)).consume((h) => ctx.getString(h)), 'true,true,true');
    check.dispose();
    decoded.dispose();
  });
  it('refuses what JSON.parse cannot produce', () => {
    assert.throws(() => writeBinaryJson({ f: () => 1 }), /cannot write a function/);
    assert.throws(() => writeBinaryJson(1n), /cannot write a bigint/);
  });
});

describe('binary JSON: QuickJS writes, Node reads with JSON.stringify semantics', () => {
  it('generated JSON values round-trip through QuickJS unchanged', () => {
    const next = random(7);
    for (let i = 0; i < 300; i++) {
      const value = jsonValue(next, 0);
      const literal = `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;
      assert.equal(JSON.stringify(readBinaryJson(encodeInside(literal)).value), JSON.stringify(value), `value #${i}`);
    }
  });
  for (const expression of [
    '{ a: undefined, b: [undefined, 1, , 3], c: NaN, d: -Infinity, e: -0 }',
    '{ when: new Date(86400000), bad: new Date(NaN), list: [new Date(0)] }',
    '[new String("s"), new Number(2), new Boolean(false), new Number(NaN)]',
    '(() => { class Point { constructor() { this.x = 1; this.y = 2; } } return [new Point(), Object.create(null)]; })()',
    '(() => { const shared = { k: "v" }; const d = new Date(5); return [shared, shared, { again: shared }, d, d]; })()',
    '(() => { const o = { visible: 1 }; Object.defineProperty(o, "hidden", { value: 2, enumerable: false }); o[Symbol("s")] = 3; return o; })()',
    '(() => { const a = [1, 2]; a.extra = 3; const s = []; s[4] = "x"; return [a, s]; })()',
    '{ "b": 1, "2": 2, "a": 3, "1": 4, "$date": "x" }',
    '["\\ud800", "é€😀", "a\\u0000b"]',
  ]) {
    it(`reads ${expression.slice(0, 60)} as JSON.stringify would`, () => {
      assert.equal(JSON.stringify(readBinaryJson(encodeInside(expression)).value), stringifyExpression(expression));
    });
  }
  it('says whether any property name starts with "$"', () => {
    assert.equal(readBinaryJson(encodeInside('{ a: { $oid: "x" } }')).dollarKeys, true);
    assert.equal(readBinaryJson(encodeInside('{ a: { oid: "$x" } }')).dollarKeys, false);
  });
  it('keeps a "__proto__" key as an own property', () => {
    const { value } = readBinaryJson(encodeInside('JSON.parse(\'{"__proto__": {"polluted": true}}\')'));
    assert.deepEqual(Object.keys(value as object), ['__proto__']);
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });
  for (const [name, expression] of [
    ['a cycle', '(() => { const o = {}; o.self = o; return o; })()'],
    ['a cycle through an array', '(() => { const a = []; a.push({ back: a }); return a; })()'],
    ['a BigInt', '{ n: 12n }'],
    ['a typed array', '{ t: new Uint8Array([1]) }'],
  ] as const) {
    it(`rejects ${name} with a clear message`, () => {
      assert.throws(() => readBinaryJson(encodeInside(expression)), (e: unknown) => e instanceof NotJsonCompatible && /JSON cannot carry/.test(e.message));
    });
  }
  it('rejects truncated or foreign bytes', () => {
    const bytes = encodeInside('{ a: [1, 2, 3] }');
    assert.throws(() => readBinaryJson(bytes.subarray(0, bytes.length - 2)), NotJsonCompatible);
    assert.throws(() => readBinaryJson(Uint8Array.of(4, 0, 1)), /version/);
  });
});

describe('binary JSON outputs straight to JSON text', () => {
  // The engine's outputs are [[data, attributes, origin], …]; every data must come out exactly as
  // JSON.stringify of what the value reader gives, or the transcoder must decline (undefined).
  const PLAIN_KEYS = KEYS.filter((k) => !/^\d+$/.test(k) && !k.startsWith('$'));
  const outputsOf = (datas: string[]) => encodeInside(`[${datas.map((d, i) => `[${d}, { k: "v${i}", "é": "€" }, ${i}]`).join(',')}]`);
  const check = (bytes: Uint8Array, mustHandle: boolean) => {
    const expected = readBinaryJson(bytes).value as Array<[unknown, Record<string, string>, number]>;
    const text = outputsAsJson({ bytes });
    if (!text) return assert.ok(!mustHandle, 'declined a shape it handles');
    let start = 0;
    expected.forEach(([data, attributes, origin], i) => {
      assert.equal(Buffer.from(text.bytes.subarray(start, text.ends[i])).toString('utf8'), JSON.stringify(data));
      start = text.ends[i];
      assert.deepEqual(text.attributes[i], attributes);
      assert.equal(text.origins[i], origin);
    });
  };
  it('writes every generated value as JSON.stringify would', () => {
    const next = random(99);
    for (let i = 0; i < 200; i++) {
      const datas = Array.from({ length: 3 }, () => `JSON.parse(${JSON.stringify(JSON.stringify(jsonValue(next, 0, PLAIN_KEYS)))})`);
      check(outputsOf(datas), true);
    }
  });
  it('handles dates, boxed values, undefined and non-finite numbers like JSON.stringify', () => {
    check(outputsOf(['{ a: undefined, b: [undefined, 1, , 3], c: NaN, d: -Infinity, e: -0, f: 1e21, g: 5e-7 }', '{ when: new Date(86400000), bad: new Date(NaN) }', '[new String("s\\n"), new Number(2.5), new Boolean(false)]']), true);
    check(outputsOf(['"\\ud800 \\udc00 \\ud83d\\ude00 é € \\u0000 \\u001f \\u007f \\u2028"', '{ "quote\\"key": "back\\\\slash" }']), true);
  });
  it('declines what only the value reader can decide, and that reader is then right', () => {
    const next = random(5);
    for (let i = 0; i < 100; i++) check(outputsOf([`JSON.parse(${JSON.stringify(JSON.stringify(jsonValue(next, 0)))})`]), false);
    for (const data of ['{ "1": "index key", b: 2 }', '{ $oid: "x" }', '(() => { const s = { k: 1 }; return [s, s]; })()']) {
      assert.equal(outputsAsJson({ bytes: outputsOf([data]) }), undefined, data);
    }
  });
});
