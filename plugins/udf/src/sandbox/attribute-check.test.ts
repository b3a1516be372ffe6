import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newQuickJSWASMModule, RELEASE_SYNC, type QuickJSContext } from 'quickjs-emscripten';
import { stringMapsOnly } from './attribute-check.js';

// Checked on what the QuickJS build the plugin ships writes, not on a copy of the format.
const module = await newQuickJSWASMModule(RELEASE_SYNC);
const runtime = module.newRuntime();
const ctx: QuickJSContext = runtime.newContext();
after(() => {
  ctx.dispose();
  runtime.dispose();
});

function encodeInside(expression: string): Uint8Array {
  const value = ctx.unwrapResult(ctx.evalCode(`(${expression})`));
  try {
    return ctx.encodeBinaryJSON(value).consume((h) => ctx.getArrayBuffer(h).consume((view) => view.value.slice()));
  } finally {
    value.dispose();
  }
}

describe('attribute maps check on their binary JSON', () => {
  for (const expression of [
    '[]',
    '[{}, {}]',
    '[{ source: "bench" }, { k: "v", "1": "index key", é: "€ 😀", empty: "" }]',
    '[{ long: "x".repeat(300), ["k".repeat(200)]: "y" }]',
    // What a script may build: only own enumerable value properties are written.
    '[Object.create({ inherited: 1 }, { own: { value: "v", enumerable: true } }), Object.defineProperty({ a: "b" }, "hidden", { value: 1 })]',
  ]) {
    it(`passes ${expression}`, () => assert.equal(stringMapsOnly(encodeInside(expression)), true));
  }
  for (const expression of [
    '[{ n: 1 }]',
    '[{ a: "b", o: {} }]',
    '[{ u: undefined }]',
    '[{ z: null }]',
    '[{ t: true }]',
    '[null]',
    '[undefined]',
    '[["x"]]',
    '["text"]',
    '[new Date(0)]',
    '[new String("ab")]',
    '(() => { const m = { k: "v" }; return [m, m]; })()',
    '[, { k: "v" }]',
    '{ 0: { k: "v" } }',
  ]) {
    it(`declines ${expression}`, () => assert.equal(stringMapsOnly(encodeInside(expression)), false));
  }
  it('declines truncated or foreign bytes', () => {
    const bytes = encodeInside('[{ k: "value" }, { k: "other" }]');
    for (let end = 0; end < bytes.length; end++) assert.equal(stringMapsOnly(bytes.subarray(0, end)), false, `cut at ${end}`);
    assert.equal(stringMapsOnly(Uint8Array.of(4, 0, 9, 0)), false);
    assert.equal(stringMapsOnly(new Uint8Array([...bytes, 0])), false);
  });
});
