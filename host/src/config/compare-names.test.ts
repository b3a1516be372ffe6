import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareNames } from './compare-names.js';

describe('compareNames', () => {
  it('orders lowercase, digit and hyphen names exactly as localeCompare', () => {
    const alphabet = 'abyz0189-';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const name = () => Array.from({ length: 1 + Math.floor(next() * 7) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const [a, b] = [name(), name()];
      assert.equal(Math.sign(compareNames(a, b)), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
    }
    assert.deepEqual(['schemas', 'schema-registry', 'http', 'a1', 'a-b', 'ab'].sort(compareNames), ['a-b', 'a1', 'ab', 'http', 'schema-registry', 'schemas']);
  });

  it('falls back to localeCompare for any other name (case, dots, underscores)', () => {
    for (const [a, b] of [['Beta', 'alpha'], ['a.b', 'a_b'], ['job-B', 'job-a'], ['é', 'f']]) {
      assert.equal(Math.sign(compareNames(a, b)), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
    }
    assert.ok(compareNames('Beta', 'alpha') > 0, 'case-insensitive first, unlike code units');
  });
});
