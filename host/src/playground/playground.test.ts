import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkAssertions } from './assertions.js';
import { generateInputs, snapshotAssertions } from './test-generator.js';
import { getAt, leafPaths } from './value-paths.js';

describe('assertions', () => {
  const output = { email: 'j***@example.com', age: 30, tags: ['a', 'b'], items: [{ id: 7 }], nothing: null };

  it('reads dotted paths with either index syntax and tells missing from null', () => {
    assert.deepEqual(getAt(output, 'items.[0].id'), { found: true, value: 7 });
    assert.deepEqual(getAt(output, 'items[0].id'), { found: true, value: 7 });
    assert.deepEqual(getAt(output, 'nothing'), { found: true, value: null });
    assert.deepEqual(getAt(output, 'missing.deep'), { found: false, value: undefined });
  });

  it('checks every assertion type and explains failures like the original', () => {
    const failures = checkAssertions(
      output,
      [
        { path: 'email', assert_type: 'equals', expected_value: 'j***@example.com' },
        { path: 'email', assert_type: 'contains', expected_value: '@example' },
        { path: 'tags', assert_type: 'contains', expected_value: 'b' },
        { path: 'age', assert_type: 'type_matches', expected_value: 'number' },
        { path: 'age', assert_type: 'gt', expected_value: 18 },
        { path: 'age', assert_type: 'lte', expected_value: 30 },
        { path: 'age', assert_type: 'lt', expected_value: 30 },
        { path: 'email', assert_type: 'equals', expected_value: null },
        { path: 'ghost', assert_type: 'equals', expected_value: 1 },
      ],
      false,
    );
    assert.deepEqual(failures.map((f) => f.message), [
      'Field \'age\': expected lt 30, got 30',
      'Field \'email\': expected null, got "j***@example.com"',
      'Field \'ghost\': expected 1, got missing',
    ]);
  });

  it('fails in strict mode on output fields no assertion covers', () => {
    const failures = checkAssertions({ a: 1, b: { c: 2, d: 3 } }, [{ path: 'a', assert_type: 'equals', expected_value: 1 }, { path: 'b.c', assert_type: 'equals', expected_value: 2 }], true);
    assert.deepEqual(failures.map((f) => f.path), ['b.d']);
    assert.deepEqual(checkAssertions({ a: 1, b: { c: 2 } }, [{ path: 'a', assert_type: 'equals', expected_value: 1 }, { path: 'b', assert_type: 'type_matches', expected_value: 'object' }], true), []);
  });
});

describe('test generation', () => {
  it('makes null, missing, empty, wrong-type and boundary variants for every field', () => {
    const names = generateInputs({ email: 'john@example.com', age: 30, address: { city: 'Oslo' }, tags: ['x'] }).map((c) => c.name);
    for (const expected of [
      'baseline', 'email is null', 'email is missing', 'email is empty', 'email has the wrong type (number)',
      'age is zero', 'age is negative', 'age is very large', 'age is fractional', 'age has the wrong type (string)',
      'address is empty', 'address.city is null', 'address.city is missing', 'tags is empty',
    ]) assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
  });

  it('varies a copy, never the sample', () => {
    const sample = { a: { b: 1 } };
    const cases = generateInputs(sample);
    assert.deepEqual(sample, { a: { b: 1 } });
    assert.deepEqual(cases.find((c) => c.name === 'a.b is missing')!.input, { a: {} });
  });

  it('treats a batch sample as an array of items', () => {
    const names = generateInputs([{ n: 1 }, { n: 2 }]).map((c) => c.name);
    assert.ok(names.includes('empty batch'));
    assert.ok(names.includes('item[0]: n is null'));
  });

  it('snapshots every leaf of an output as equals assertions', () => {
    assert.deepEqual(snapshotAssertions({ a: 1, b: [true, { c: null }] }), [
      { path: 'a', assert_type: 'equals', expected_value: 1 },
      { path: 'b[0]', assert_type: 'equals', expected_value: true },
      { path: 'b[1].c', assert_type: 'equals', expected_value: null },
    ]);
    assert.equal(leafPaths({}).length, 0);
  });
});
