import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fillDocument } from './fill-document.js';
import { createDataAjv } from '../runtime/resolve-schemas.js';

const USER = {
  type: 'object',
  required: ['_id', 'email', 'phone', 'first_name', 'last_name', 'city', 'country', 'zip', 'created_at', 'age', 'price', 'status', 'account_id', 'score'],
  properties: {
    _id: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' }, first_name: { type: 'string' }, last_name: { type: 'string' },
    city: { type: 'string' }, country: { type: 'string' }, zip: { type: 'string' }, created_at: { type: 'string' }, age: { type: 'integer' },
    price: { type: 'number' }, status: { enum: ['active', 'banned'] }, account_id: { type: 'string', format: 'objectid' }, score: { type: 'integer', minimum: 3, maximum: 4 },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

describe('POST /schema/fill generation', () => {
  it('uses field names, enum, format and ranges for a realistic document that matches the schema', () => {
    const doc = fillDocument(USER, 1) as Record<string, unknown>;
    assert.ok(createDataAjv().compile(USER)(doc));
    assert.match(String(doc._id), /^[0-9a-f]{24}$/);
    assert.match(String(doc.account_id), /^[0-9a-f]{24}$/);
    assert.match(String(doc.email), /^[a-z.]+\d+@[a-z.]+$/);
    assert.match(String(doc.phone), /^\+1-\d{3}-\d{3}-\d{4}$/);
    assert.match(String(doc.zip), /^\d{5}$/);
    assert.ok(!Number.isNaN(Date.parse(String(doc.created_at))));
    assert.ok(Number(doc.age) >= 18 && Number(doc.age) <= 90);
    assert.ok(Number(doc.price) >= 1 && Number(doc.price) <= 500);
    assert.ok(['active', 'banned'].includes(String(doc.status)));
    assert.ok(doc.score === 3 || doc.score === 4);
  });

  it('gives the same document for the same seed and another one for another seed', () => {
    assert.deepEqual(fillDocument(USER, 42), fillDocument(USER, 42));
    assert.notDeepEqual(fillDocument(USER, 42), fillDocument(USER, 43));
  });

  it('fills every supported type', () => {
    const schema = {
      type: 'object', required: ['s', 'i', 'n', 'b', 'a', 'o', 'd', 'u', 'm', 'z'],
      properties: { s: { type: 'string', minLength: 3 }, i: { type: 'integer' }, n: { type: 'number' }, b: { type: 'boolean' }, a: { type: 'array', items: { type: 'integer' }, minItems: 1 }, o: { type: 'object', properties: { x: { type: 'string' } }, required: ['x'] }, d: { type: 'string', format: 'date' }, u: { type: 'string', format: 'uuid' }, m: { type: ['string', 'null'] }, z: { type: 'null' } },
    };
    for (let seed = 0; seed < 20; seed++) assert.ok(createDataAjv().compile(schema)(fillDocument(schema, seed)), `seed ${seed}`);
  });

  it('refuses an invalid schema with 400', () => {
    assert.throws(() => fillDocument({ type: 'bogus' }), (e: { status: number }) => e.status === 400);
    assert.throws(() => fillDocument('nope'), (e: { status: number }) => e.status === 400);
  });
});
