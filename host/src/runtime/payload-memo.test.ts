import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PayloadMemo } from './payload-memo.js';

describe('PayloadMemo', () => {
  it('keeps one value per payload, replaced by the next set', () => {
    const a = new Uint8Array([1]);
    const b = new Uint8Array([1]);
    assert.equal(PayloadMemo.get(a), undefined);
    PayloadMemo.set(a, { n: 1 });
    assert.deepEqual(PayloadMemo.get(a), { n: 1 });
    assert.equal(PayloadMemo.get(b), undefined, 'equal bytes in another object know nothing');
    PayloadMemo.set(a, { n: 2 });
    assert.deepEqual(PayloadMemo.get(a), { n: 2 });
  });

  it('is invisible to deep equality, enumeration and copies', () => {
    const payload = Buffer.from('{"a":1}');
    PayloadMemo.set(payload, 'kept');
    assert.deepStrictEqual(payload, Buffer.from('{"a":1}'));
    assert.deepEqual(Reflect.ownKeys(payload).filter((k) => typeof k !== 'string' || !/^\d+$/.test(k)), []);
    assert.equal(PayloadMemo.get(new Uint8Array(payload)), undefined);
    assert.equal(PayloadMemo.get(payload.subarray(0)), undefined);
  });

  it('does not throw on a non-extensible payload', () => {
    const payload = Object.preventExtensions(new Uint8Array([1]));
    assert.doesNotThrow(() => PayloadMemo.set(payload, 1));
  });
});
