import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createScriptRunner, type ScriptRunner } from '../../plugins/udf/src/script-runner.js';

const runners: ScriptRunner[] = [];
async function load(name: string) {
  const runner = createScriptRunner(await readFile(new URL(name, import.meta.url), 'utf8'), { filename: name, isolation: 'inline' });
  runners.push(runner);
  return runner;
}
after(() => Promise.all(runners.map((r) => r.dispose())));

describe('examples/udf scripts', () => {
  it('masking.js masks email, phone and birth date and hashes the customer id', async () => {
    const [out] = await (await load('masking.js')).run({ email: 'jane@example.com', phone: '555-123-4567', birth_date: '1990-05-17', customer_id: 'c-1' }, { src: 'x' });
    assert.deepEqual(out.attributes, { src: 'x' });
    const d = out.data as Record<string, string>;
    assert.deepEqual([d.email, d.phone, d.birth_date, d.customer_ref.length, 'customer_id' in d], ['j***@example.com', '********4567', '1990-01-01', 64, false]);
  });
  it('enrichment.js keeps the document and adds attributes', async () => {
    const [out] = await (await load('enrichment.js')).run({ a: 1, email: 'x@y' }, { k: 'v' });
    assert.deepEqual(out.data, { a: 1, email: 'x@y' });
    assert.equal(out.attributes.k, 'v');
    assert.equal(out.attributes.field_count, '2');
    assert.equal(out.attributes.quality, 'partial');
  });
  it('filter.js drops inactive products and reshapes active ones', async () => {
    const r = await load('filter.js');
    assert.deepEqual(await r.run({ sku: 'a', active: false, price: 5 }), []);
    const [out] = await r.run({ sku: 'b', name: 'B', active: true, price: 150, stock: 0 });
    assert.deepEqual(out.data, { sku: 'b', name: 'B', price: 150, price_tier: 'premium', in_stock: false });
  });
  it('strip_id.js removes _id', async () => {
    const [out] = await (await load('strip_id.js')).run({ _id: 1, v: 2 });
    assert.deepEqual(out.data, { v: 2 });
  });
  it('fan_out.js emits one event per line item with its position', async () => {
    const out = await (await load('fan_out.js')).run({ order_id: 'o1', items: [{ sku: 'a', qty: 2, price: 3 }, { sku: 'b', qty: 1, price: 10 }] }, { t: '1' });
    assert.deepEqual(out.map((o) => o.data), [{ order_id: 'o1', sku: 'a', qty: 2, total: 6 }, { order_id: 'o1', sku: 'b', qty: 1, total: 10 }]);
    assert.deepEqual(out.map((o) => o.attributes), [{ t: '1', line: '1', lines: '2' }, { t: '1', line: '2', lines: '2' }]);
  });
  it('batch_summary.js adds per-country statistics to a batch', async () => {
    const out = await (await load('batch_summary.js')).runBatch(
      [{ country: 'FR', amount: 10 }, { country: 'FR', amount: 20 }, { country: 'DE', amount: 5 }].map((data, i) => ({ data, attributes: { i: String(i) } })),
      true,
    );
    assert.deepEqual(out.map((o) => [(o.data as { country_avg_amount: number }).country_avg_amount, o.attributes.i]), [[15, '0'], [15, '1'], [5, '2']]);
  });
});
