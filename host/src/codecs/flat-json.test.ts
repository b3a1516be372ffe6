import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Binary, Decimal128, Long, ObjectId } from 'bson';
import { stringifyFlat } from './flat-json.js';

describe('flat JSON writer', () => {
  it('writes plain values exactly as JSON.stringify does', () => {
    const cases: unknown[] = [
      { a: 1, b: 'x"y\n\u2028', c: [1, null, true, { d: [] }], e: {}, 'odd "key"': -0.5 },
      [undefined, () => 1, NaN, Infinity, 'é'],
      { skip: undefined, fn: () => 1, keep: 0 },
      { nested: { toJSON: () => ({ via: 'toJSON' }) } },
      'just a string',
      42,
      null,
    ];
    for (const value of cases) assert.equal(stringifyFlat(value), JSON.stringify(value));
  });

  it('flattens BSON types and bigint', () => {
    const text = stringifyFlat({
      id: new ObjectId('65a5f0c2e4b0a1b2c3d4e5f6'),
      at: new Date('2025-01-15T10:30:00Z'),
      bad: new Date(NaN),
      price: Decimal128.fromString('19.99'),
      small: Long.fromNumber(5),
      huge: 2n ** 64n,
      bin: new Binary(Buffer.from('hi')),
    });
    assert.deepEqual(JSON.parse(text), {
      id: '65a5f0c2e4b0a1b2c3d4e5f6',
      at: '2025-01-15T10:30:00.000Z',
      bad: null,
      price: '19.99',
      small: 5,
      huge: '18446744073709551616',
      bin: 'aGk=',
    });
  });
});
