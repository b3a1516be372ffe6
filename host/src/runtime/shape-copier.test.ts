import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeCopier } from './shape-copier.js';

/** What ShapeCopier must give: Object.assign({}, source), then each set key stored in order. */
function reference(source: object, setKeys: string[], values: unknown[]): Record<string, unknown> {
  const copy = Object.assign({}, source) as Record<string, unknown>;
  setKeys.forEach((key, i) => (copy[key] = values[i]));
  return copy;
}

function assertSameCopy(copier: ShapeCopier, setKeys: string[], source: object, values: unknown[]) {
  const before = Object.entries(source);
  const copy = copier.copy(source, ...values) as Record<string, unknown>;
  const expected = reference(source, setKeys, values);
  assert.notEqual(copy, source);
  assert.deepStrictEqual(Object.keys(copy), Object.keys(expected), 'same keys in the same order');
  assert.deepStrictEqual(copy, expected);
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  assert.deepStrictEqual(Object.entries(source), before, 'the source is not changed');
}

describe('ShapeCopier', () => {
  const setKeys = ['payload', 'encoding', 'schemaId'];

  it('copies like Object.assign + stores, whether or not the source has the set keys', () => {
    const copier = new ShapeCopier(setKeys);
    const event = { position: new Uint8Array([1]), id: 'a', operation: 'insert', key: undefined, payload: new Uint8Array([2]), encoding: 'json', attributes: { seq: '1' } };
    // Twice each: the first call of a shape generates its literal, the second uses it.
    for (let round = 0; round < 2; round++) {
      assertSameCopy(copier, setKeys, event, [new Uint8Array([3]), 'avro', 'doc']);
      assertSameCopy(copier, setKeys, { ...event, schemaId: 'old' }, [new Uint8Array([3]), 'avro', undefined]);
      assertSameCopy(copier, setKeys, { schemaId: 'old', id: 'b', payload: 1 }, [2, 'bson', 'new']);
      assertSameCopy(copier, setKeys, {}, [1, 'json', 'x']);
    }
  });

  it('tells shapes apart by their keys and their order, not their values', () => {
    const copier = new ShapeCopier(['schemaId']);
    const shapes = [{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 1 }, { a: 1, b: 2, c: 3 }, { '1': 'x', a: 1 }, { 'a"b': 1, 'c\\d': 2, 'e\nf': 3 }];
    for (let round = 0; round < 3; round++) for (const source of shapes) assertSameCopy(copier, ['schemaId'], { ...source }, [`s${round}`]);
  });

  it('copies values read through getters, as Object.assign does', () => {
    const copier = new ShapeCopier(['schemaId']);
    let reads = 0;
    const source = { plain: 1, get computed() { return ++reads; } };
    for (let round = 1; round <= 2; round++) {
      const copy = copier.copy(source, 'doc') as Record<string, unknown>;
      assert.equal(copy.computed, round);
      assert.equal(Object.getOwnPropertyDescriptor(copy, 'computed')?.value, round, 'a data property in the copy');
    }
  });

  it('falls back to Object.assign where a literal would differ', () => {
    const copier = new ShapeCopier(['schemaId']);
    const own = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as object;
    // Object.assign stores "__proto__" through its setter (the copy's prototype becomes the value); so must the copy.
    const copy = copier.copy(own, 'doc');
    assert.deepStrictEqual(Object.getPrototypeOf(copy), Object.getPrototypeOf(reference(own, ['schemaId'], ['doc'])));
    assert.deepStrictEqual({ ...copy }, { ...reference(own, ['schemaId'], ['doc']) });

    class Event {
      a = 1;
    }
    const inherited = Object.assign(Object.create({ fromProto: 1 }), { a: 1 }) as object;
    for (const source of [new Event(), inherited, Object.assign(Object.create(null), { a: 1 })]) {
      assert.deepStrictEqual({ ...copier.copy(source, 'doc') }, reference(source, ['schemaId'], ['doc']));
      assert.equal(Object.getPrototypeOf(copier.copy(source, 'doc')), Object.prototype);
    }
    const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    assertSameCopy(copier, ['schemaId'], wide, ['doc']);
  });

  it('keeps copying correctly past the shapes it generates literals for', () => {
    const copier = new ShapeCopier(['schemaId']);
    for (let round = 0; round < 2; round++) for (let n = 0; n < 20; n++) assertSameCopy(copier, ['schemaId'], { [`only${n}`]: n, shared: true }, [`doc${n}`]);
  });

  it('refuses more than three set keys', () => {
    assert.throws(() => new ShapeCopier(['a', 'b', 'c', 'd']));
  });
});
