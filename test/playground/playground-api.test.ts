import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import udfPlugin from '../../plugins/udf/src/index.js';
import { startTestHost, type TestHost } from '../../host/test/test-host.js';

const MASK = `function transform(data, attributes) {
  data.email = mask_email(data.email);
  attributes.processed = "true";
  return result(data, attributes);
}`;

describe('transform playground API (UDF engine)', () => {
  let h: TestHost;
  before(async () => {
    h = await startTestHost({ plugins: [udfPlugin], config: {} });
  });
  after(() => h.close());

  it('runs a script on a sample document like the seed README shows', async () => {
    const res = await h.request('POST', '/transform/run', { script: MASK, payload: '{"email": "john@example.com"}', attributes: { source: 'playground' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { message: 'success', item: { document: { email: 'j***@example.com' }, attributes: { source: 'playground', processed: 'true' }, encoding: 'json' } });
  });

  it('passes a batch payload to the script as an array', async () => {
    const script = 'function transform(data, attributes) { return result({ total: sum(pluck(data, "n")) }); }';
    const res = await h.request('POST', '/transform/run', { script, payload: '[{"n":1},{"n":2},{"n":4}]' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.item.document, { total: 7 });
  });

  it('answers a script that throws with 400, its message and line', async () => {
    const script = 'function transform(data, attributes) {\n  const x = 1;\n  throw new Error("boom here");\n}';
    const res = await h.request('POST', '/transform/run', { script, payload: '{}' });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'MS_ERR_BAD_REQUEST');
    assert.match(res.body.message, /boom here/);
    assert.match(res.body.message, /line 3/);
  });

  it('answers a syntax error and a bad payload with 400', async () => {
    const syntax = await h.request('POST', '/transform/run', { script: 'function transform(data {', payload: '{}' });
    assert.equal(syntax.status, 400);
    assert.match(syntax.body.message, /line 1/);
    const payload = await h.request('POST', '/transform/run', { script: MASK, payload: '{not json' });
    assert.equal(payload.status, 400);
    assert.match(payload.body.message, /payload is not valid JSON/);
    assert.equal((await h.request('POST', '/transform/run', { payload: '{}' })).status, 400);
  });

  it('stops an endless loop and reports it as a 400, not a hung request', async () => {
    const res = await h.request('POST', '/transform/run', { script: 'function transform(d, a) { while (true) {} }', payload: '{}' });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /interrupted|timed out|time/i);
  });

  it('validates scripts with diagnostics', async () => {
    assert.deepEqual((await h.request('POST', '/transform/validate', { script: MASK })).body, { valid: true, diagnostics: [] });
    const bad = await h.request('POST', '/transform/validate', { script: 'function nope() {}' });
    assert.equal(bad.body.valid, false);
    assert.match(bad.body.diagnostics[0].message, /transform/);
    const completions = await h.request('GET', '/transform/completions');
    assert.ok(completions.body.some((c: { label: string }) => c.label === 'mask_email'));
  });

  it('generates edge-case tests from a sample and runs them, failing where the script breaks', async () => {
    const generated = await h.request('POST', '/transform/test/generate', { script: MASK, sample_input: { email: 'john@example.com', name: 'John', age: 30 } });
    assert.equal(generated.status, 200, JSON.stringify(generated.body));
    const { cases, input_schema, errors } = generated.body.item;
    assert.deepEqual(input_schema.properties.age, { type: 'integer' });
    const baseline = cases.find((c: { name: string }) => c.name === 'baseline');
    assert.deepEqual(baseline.expected, { email: 'j***@example.com', name: 'John', age: 30 });
    assert.ok(cases.some((c: { name: string }) => c.name === 'age is very large'));
    assert.ok(Array.isArray(errors));

    const run = await h.request('POST', '/transform/test/run', { script: MASK, cases });
    assert.equal(run.status, 200);
    assert.equal(run.body.item.summary.failed, 0, JSON.stringify(run.body.item.results.filter((r: { passed: boolean }) => !r.passed)));

    const changed = MASK.replace('mask_email(data.email)', 'data.email');
    const rerun = await h.request('POST', '/transform/test/run', { script: changed, cases: [baseline], strict_output: true });
    assert.equal(rerun.body.item.summary.failed, 1);
    assert.match(rerun.body.item.results[0].failures[0].message, /Field 'email': expected "j\*\*\*@example.com", got "john@example.com"/);
  });
});
