import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeBinaryJson } from './binary-json.js';
import { JsonText, writeBinaryJsonWithText } from './json-transcode.js';

// The transcoder must write exactly the bytes JSON.parse + writeBinaryJson write (whose agreement
// with QuickJS binary-json.test.ts checks), or leave the payload to JSON.parse.
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Transcodes `text` (as two documents, so the atom table is shared); reports whether it had to parse. */
function transcode(text: string | Uint8Array): { bytes: Uint8Array; parsed: boolean } {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  let parsed = false;
  const doc = new JsonText(bytes, () => ((parsed = true), JSON.parse(decoder.decode(bytes))));
  return { bytes: writeBinaryJsonWithText([[doc, { after: 1 }], [{ k: 'v' }]]), parsed };
}
function expected(text: string | Uint8Array): Uint8Array {
  const value = JSON.parse(typeof text === 'string' ? text : decoder.decode(text)) as unknown;
  return writeBinaryJson([[value, { after: 1 }], [{ k: 'v' }]]);
}
function assertSame(text: string, parsed: boolean): void {
  const out = transcode(text);
  assert.deepEqual(out.bytes, expected(text), text.slice(0, 120));
  assert.equal(out.parsed, parsed, `${parsed ? 'should' : 'should not'} fall back to JSON.parse: ${text.slice(0, 120)}`);
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const STRINGS = ['', 'a', 'plain ascii', 'x'.repeat(70), 'y'.repeat(200)];
const KEYS = ['id', 'name', 'email', 'a b', '__proto__', 'constructor', 'k'.repeat(80)];
const NUMBERS = ['0', '-0', '1', '-1', '63', '64', '-65', '999999999', '-999999999', '1000000000', '2147483647', '2147483648', '-2147483648', '-2147483649', '9007199254740993', '1.5', '-0.25', '1e3', '1E+2', '2e-3', '0.1', '1e400', '-1e400', '5e-324', '123456789012345678901234567890'];
function jsonText(next: () => number, depth: number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const ws = () => pick(['', '', ' ', '\n', '\t ', '\r\n  ']);
  switch (Math.floor(next() * (depth > 3 ? 3 : 5))) {
    case 0: return JSON.stringify(pick(STRINGS));
    case 1: return pick(NUMBERS);
    case 2: return pick(['true', 'false', 'null']);
    case 3: {
      const n = next() < 0.1 ? 130 + Math.floor(next() * 20) : Math.floor(next() * 5);
      return `[${ws()}${Array.from({ length: n }, () => jsonText(next, depth + 1)).join(`${ws()},${ws()}`)}${ws()}]`;
    }
    default: {
      const keys = [...new Set(Array.from({ length: Math.floor(next() * 6) }, () => pick(KEYS)))];
      if (next() < 0.05) for (let i = 0; i < 140; i++) keys.push(`field${i}`);
      return `{${ws()}${keys.map((k) => `${JSON.stringify(k)}${ws()}:${ws()}${jsonText(next, depth + 1)}`).join(`${ws()},${ws()}`)}${ws()}}`;
    }
  }
}

describe('JSON payloads transcoded to binary JSON', () => {
  it('writes what JSON.parse and writeBinaryJson write, for random ASCII documents, without parsing them', () => {
    const next = random(7);
    for (let i = 0; i < 1500; i++) assertSame(jsonText(next, 0), false);
  });
  it('reads decimal numbers as JSON.parse does, on either side of its exact fast path', () => {
    const next = random(11);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
    const numbers: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const int = next() < 0.2 ? '0' : String(1 + Math.floor(next() * 9)) + digits(Math.floor(next() * 12));
      const fraction = next() < 0.8 ? `.${digits(1 + Math.floor(next() * 16))}` : '';
      const exponent = next() < 0.1 ? `e${next() < 0.5 ? '-' : ''}${Math.floor(next() * 30)}` : '';
      numbers.push(`${next() < 0.3 ? '-' : ''}${int}${fraction}${exponent}`);
    }
    numbers.push(String(0.1 + 0.2), String(Number.MAX_SAFE_INTEGER), '9007199254740993', '0.000000000000001', '123456789012345.6', '-0.0');
    for (let i = 0; i < numbers.length; i += 50) assertSame(`[${numbers.slice(i, i + 50).join(',')}]`, false);
  });
  it('writes counts and string lengths of 128 and more (several LEB128 bytes) in place', () => {
    assertSame(JSON.stringify({ s: 'z'.repeat(64), t: 'z'.repeat(63), u: 'z'.repeat(8192), list: Array.from({ length: 300 }, (_, i) => i) }), false);
    assertSame(JSON.stringify(Object.fromEntries(Array.from({ length: 20000 }, (_, i) => [`k${i}`, i]))), false);
  });
  it('decodes escaped and non-ASCII strings and property names exactly', () => {
    for (const value of ['quote " and \\ backslash', 'tab\tnew\nline\u0001', '\\/ slash', 'é ÿ ©', '€ 漢字', '😀 pair', '\u2028']) {
      assertSame(JSON.stringify({ [value]: value, list: [value] }), false);
    }
    assertSame('{"esc\\u0061ped":"\\ud83d\\ude00","lone":"\\ud800"}', false);
  });
  it('leaves to JSON.parse what it decides: array-index and repeated names, a byte-order mark', () => {
    assertSame('{"b":1,"0":2,"a":3}', true);
    assertSame('{"x":{"7":true}}', true);
    assertSame('{"a":1,"b":2,"a":3}', true);
    assertSame('{"\\u0030":1}', true);
    // A repeated name inside a nested object is that object's own business.
    assertSame('{"a":{"a":1},"b":{"a":2}}', false);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('{"a":1}')]);
    const out = transcode(bom);
    assert.ok(out.parsed);
    assert.deepEqual(out.bytes, expected(bom));
  });
  it('hands invalid JSON to the payload\'s own parse, so its error is the one JSON.parse throws', () => {
    for (const text of ['', ' ', '{', '{"a":1,}', '[1,]', '[01]', '[1.]', '[.5]', '[-]', '[+1]', '[1e]', '{"a" 1}', '{a:1}', "{'a':1}", '"ctrl \u0001"', '"\\x"', 'tru', 'nul', 'truex', '1 2', '{"a":1}}', '[NaN]', '"unterminated', '"bad \\', '[1]\u00a0']) {
      let message = '';
      try {
        JSON.parse(text);
      } catch (error) {
        message = (error as Error).message;
      }
      assert.ok(message, `${text} is invalid`);
      assert.throws(() => transcode(text), { message }, text);
    }
    const invalidUtf8 = new Uint8Array([0x22, 0xc3, 0x28, 0x22]);
    assert.throws(() => transcode(invalidUtf8), TypeError);
  });
  it('falls back on nesting too deep for its recursion, writing nothing of it', () => {
    const deep = encoder.encode(`${'['.repeat(20000)}${']'.repeat(20000)}`);
    // The stand-in value shows that parse decided, and that the failed attempt left no bytes.
    const out = writeBinaryJsonWithText([new JsonText(deep, () => ({ parsed: true })), 1]);
    assert.deepEqual(out, writeBinaryJson([{ parsed: true }, 1]));
  });
});
