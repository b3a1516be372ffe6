import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Binary, Decimal128, ObjectId } from 'mongodb';
import { inferVariants } from './schema-inference.js';

describe('schema inference', () => {
  it('maps BSON types onto JSON Schema types with formats', () => {
    const [variant] = inferVariants([
      { _id: new ObjectId(), at: new Date(), price: Decimal128.fromString('1.5'), blob: new Binary(Buffer.from('x')), n: 1, x: 1.5, ok: true, none: null, tags: ['a'], sub: { k: 'v' } },
    ]);
    const p = variant.schema.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(p._id, { type: 'string', format: 'objectid' });
    assert.deepEqual(p.at, { type: 'string', format: 'date-time' });
    assert.deepEqual(p.price, { type: 'string', format: 'decimal' });
    assert.deepEqual(p.blob, { type: 'string', contentEncoding: 'base64' });
    assert.deepEqual(p.n, { type: 'integer' });
    assert.deepEqual(p.x, { type: 'number' });
    assert.deepEqual(p.ok, { type: 'boolean' });
    assert.deepEqual(p.none, { type: 'null' });
    assert.deepEqual(p.tags, { type: 'array', items: { type: 'string' } });
    assert.deepEqual(p.sub, { type: 'object', properties: { k: { type: 'string' } }, required: ['k'] });
  });

  it('merges compatible documents and requires only the fields every one of them has', () => {
    const variants = inferVariants([{ a: 'x', b: 1 }, { a: 'y' }, { a: 'z', c: true }]);
    assert.equal(variants.length, 1);
    assert.equal(variants[0].sample_count, 3);
    assert.equal(variants[0].share_percent, 100);
    assert.deepEqual(variants[0].schema.required, ['a']);
    assert.deepEqual(Object.keys(variants[0].schema.properties as object).sort(), ['a', 'b', 'c']);
  });

  it('splits documents whose fields conflict in type into variants sorted by share', () => {
    const variants = inferVariants([{ v: 'one' }, { v: 2 }, { v: 3 }, { v: 4 }]);
    assert.deepEqual(variants.map((v) => [v.sample_count, v.share_percent]), [[3, 75], [1, 25]]);
    assert.deepEqual((variants[0].schema.properties as Record<string, unknown>).v, { type: 'integer' });
    assert.deepEqual((variants[1].schema.properties as Record<string, unknown>).v, { type: 'string' });
  });

  it('widens integer and number into number instead of splitting', () => {
    const variants = inferVariants([{ v: 1 }, { v: 1.5 }]);
    assert.equal(variants.length, 1);
    assert.deepEqual((variants[0].schema.properties as Record<string, unknown>).v, { type: 'number' });
  });

  it('never includes a sampled value in the output', () => {
    const secret = 'secret-value-4242';
    const out = JSON.stringify(inferVariants([{ name: secret, n: 987654321, nested: { deep: secret }, list: [secret] }]));
    assert.ok(!out.includes(secret));
    assert.ok(!out.includes('987654321'));
  });
});
