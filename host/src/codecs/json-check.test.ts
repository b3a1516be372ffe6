import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isMstreamError } from '@mstream/sdk';
import { assertJson } from './json-check.js';
import { frameConfluent } from './confluent-wire.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** The error assertJson throws, or undefined when the payload passed. */
function problemOf(payload: Uint8Array): { message: string; offset: number } | undefined {
  try {
    assertJson(payload);
    return undefined;
  } catch (error: unknown) {
    assert.ok(isMstreamError(error) && error.code === 'MS_ERR_DATA', 'a DataError');
    const { message, details } = error as unknown as { message: string; details: { offset: number } };
    return { message, offset: details.offset };
  }
}

const VALID = [
  '{}', '[]', '0', '-0', '1.5e+10', '-12.25E-3', '"text"', 'true', 'false', 'null', ' \t\r\n{"a" : [1, {"b": null}] }\n',
  '{"esc":"\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00"}', '{"utf8":"héllo wörld ✓ 😀"}', '[[[[[]]]]]', '{"a":{"b":{"c":[true,false]}}}',
];

const INVALID = [
  '', ' ', '{', '}', '[1,]', '{"a":1,}', '{a:1}', "{'a':1}", '{"a" 1}', '{"a":}', '[1 2]', '01', '1.', '.5', '-', '1e', '+1', 'NaN',
  'tru', 'nul', 'True', '"unterminated', '"bad \\x escape"', '"bad \\u12G4"', '"raw\ttab"', '{"a":1}{"b":2}', '{"a":1} x', '[1]]',
  '{"a":[1}', 'not json at all', '\u0000',
];

describe('JSON validity check', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of VALID) assert.equal(problemOf(bytes(text)), undefined, text);
  });

  it('refuses what JSON.parse refuses, naming the byte where it goes wrong', () => {
    for (const text of INVALID) {
      assert.throws(() => JSON.parse(text), `JSON.parse refuses ${JSON.stringify(text)} too`);
      const problem = problemOf(bytes(text));
      assert.ok(problem, `refused: ${JSON.stringify(text)}`);
      assert.match(problem.message, /^payload is not valid JSON: .* at byte \d+/);
    }
    assert.deepEqual(problemOf(bytes('{"id":1,"name":}')), { offset: 15, message: "payload is not valid JSON: expected a value at byte 15, found '}'" });
    assert.deepEqual(problemOf(bytes('[1,2')), { offset: 4, message: "payload is not valid JSON: expected ',' or ']' at byte 4, found the end of the payload" });
    assert.equal(problemOf(bytes('{"a":1} x'))?.offset, 8);
    assert.match(problemOf(bytes('"a\nb"'))!.message, /control character 0x0a inside a string at byte 2/);
  });

  it('agrees with JSON.parse on random mutations of valid documents', () => {
    const seedDoc = JSON.stringify({ id: 'u-1', n: -12.5e3, ok: true, none: null, tags: ['a', 'é', '😀'], nested: { deep: [[1], { x: '\\"' }] } });
    let state = 42;
    const random = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const alphabet = '{}[]":,.-+eE0123456789 \\tfnu\n\t\u0001';
    for (let round = 0; round < 5000; round++) {
      const chars = [...seedDoc];
      for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
        const at = Math.floor(random() * chars.length);
        const op = random();
        if (op < 0.4) chars.splice(at, 1);
        else if (op < 0.7) chars.splice(at, 0, alphabet[Math.floor(random() * alphabet.length)]);
        else chars[at] = alphabet[Math.floor(random() * alphabet.length)];
      }
      const text = chars.join('');
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      assert.equal(problemOf(bytes(text)) === undefined, parses, `disagreement on ${JSON.stringify(text)}`);
    }
  });

  it('refuses invalid UTF-8 with the offset of the bad byte', () => {
    const payload = new Uint8Array([...bytes('{"a":"x'), 0xc3, 0x28, ...bytes('"}')]);
    assert.deepEqual(problemOf(payload), { offset: 7, message: 'payload is not valid JSON: invalid UTF-8 at byte 7' });
    assert.equal(problemOf(new Uint8Array([...bytes('["'), 0xed, 0xa0, 0x80, ...bytes('"]')]))?.offset, 2, 'an encoded surrogate');
    assert.equal(problemOf(new Uint8Array([...bytes('["'), 0xe2, 0x82]))?.offset, 2, 'a truncated sequence');
  });

  it('accepts a UTF-8 byte-order mark and a Confluent header, as decoding does, counting offsets from the first byte', () => {
    assert.equal(problemOf(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"a":1}')])), undefined);
    assert.equal(problemOf(frameConfluent(7, bytes('{"a":1}'))), undefined);
    assert.equal(problemOf(frameConfluent(7, bytes('{"a":}')))?.offset, 5 + 5);
  });

  it('scans deep nesting without recursion', () => {
    const depth = 200_000;
    assert.equal(problemOf(bytes('['.repeat(depth) + ']'.repeat(depth))), undefined);
    assert.equal(problemOf(bytes('['.repeat(depth)))?.offset, depth);
  });
});
