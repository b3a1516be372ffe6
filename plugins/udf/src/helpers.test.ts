import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createScriptRunner, type ScriptRunner } from './script-runner.js';

// Each helper is evaluated inside the real QuickJS sandbox: `expr` is the body of transform.
const runners: ScriptRunner[] = [];
async function evaluate(expr: string, data: unknown = {}): Promise<unknown> {
  const runner = createScriptRunner(`function transform(data, attributes) { return { v: ${expr} }; }`, { isolation: 'inline' });
  runners.push(runner);
  const [out] = await runner.run(data, {});
  return (out.data as { v: unknown }).v;
}
after(() => Promise.all(runners.map((r) => r.dispose())));

// The masking helpers as they were written before they were tuned for QuickJS (regex exec first,
// no length checks): the sandbox's helpers must give exactly these results.
const rfc3339 = /^(\d{4})-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const dateOnly = /^(\d{4})-\d{2}-\d{2}$/;
const reference: Record<string, (value: unknown) => unknown> = {
  mask_year_only(value) {
    if (typeof value !== 'string') return value;
    let m = rfc3339.exec(value);
    if (m) return m[1] + '-01-01T00:00:00+00:00';
    m = dateOnly.exec(value);
    if (m) return m[1] + '-01-01';
    return value;
  },
  mask_email(value) {
    if (typeof value !== 'string') return value;
    const at = value.indexOf('@');
    if (at < 0) return value;
    const domain = value.slice(at);
    return at <= 1 ? '*' + domain : value[0] + '***' + domain;
  },
  mask_phone(value) {
    if (typeof value === 'number') value = String(value);
    if (typeof value !== 'string' || value.length <= 4) return value;
    return '*'.repeat(value.length - 4) + value.slice(-4);
  },
};

/** Strings near the shapes the helpers look for, plus random ones over the characters that matter. */
function edgeCases(): unknown[] {
  const cases: unknown[] = [
    '1990-05-17', '1990-05-17 ', ' 1990-05-17', '1990-05-1', '19900-05-17', '1990-5-17', '１９９０-05-17', '1990-05-17\n', '0000-00-00', 'abcd-ef-gh',
    '1990-05-17T10:20:30Z', '1990-05-17t10:20:30z', '1990-05-17 10:20:30+02:00', '1990-05-17T10:20:30.123456-05:30', '1990-05-17T10:20:30',
    '1990-05-17T10:20:30.Z', '1990-05-17T10:20:30+0200', '9999-99-99T99:99:99Z', '1990-05-17T10:20:30Z\n', '1990-05-17T1:20:30Z',
    '', '@', 'a@', '@b', 'ab@c', 'a@b@c', 'no at sign', '漢@字', '😀@x', '1234', '12345', '+1-555', 0, 1234, 12345, -123456, 1.5, null, true, [], { a: 1 },
  ];
  let state = 12345;
  const next = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const chars = '0123456789-:Tt Zz+.@x';
  for (let i = 0; i < 3000; i++) {
    const length = 4 + Math.floor(next() * 30);
    cases.push(Array.from({ length }, () => chars[Math.floor(next() * chars.length)]).join(''));
    // Random digits in the exact layouts, so the matching branches are hit too.
    const d = () => String(Math.floor(next() * 10));
    cases.push(`${d()}${d()}${d()}${d()}-${d()}${d()}-${d()}${d()}${next() < 0.5 ? '' : `${'Tt '[Math.floor(next() * 3)]}${d()}${d()}:${d()}${d()}:${d()}${d()}${next() < 0.3 ? `.${d()}${d()}` : ''}${['Z', 'z', '+01:00', '-12:30', ''][Math.floor(next() * 5)]}`}`);
  }
  return cases;
}

describe('udf helpers', () => {
  for (const name of Object.keys(reference)) {
    it(`${name} gives exactly what its plain version gives, on edge cases and random strings`, async () => {
      const cases = edgeCases();
      const runner = createScriptRunner(`function transform(data) { return { v: data.list.map((x) => ${name}(x)) }; }`, { isolation: 'inline' });
      runners.push(runner);
      const [out] = await runner.run({ list: cases }, {});
      assert.deepEqual((out.data as { v: unknown[] }).v, cases.map((c) => reference[name](c)));
      const matched = cases.filter((c) => reference[name](c) !== c).length;
      assert.ok(matched > 100 && matched < cases.length, `${name}: both branches are exercised (${matched} of ${cases.length} changed)`);
    });
  }
  it('timestamp_ms returns the current time in epoch milliseconds', async () => {
    const before = Date.now();
    const v = (await evaluate('timestamp_ms()')) as number;
    assert.ok(v >= before - 5 && v <= Date.now() + 5);
  });
  it('hash_sha256 returns the hex SHA-256 of a string, and of the JSON of an object', async () => {
    assert.equal(await evaluate('hash_sha256("abc")'), createHash('sha256').update('abc').digest('hex'));
    assert.equal(await evaluate('hash_sha256(42)'), createHash('sha256').update('42').digest('hex'));
    assert.equal(await evaluate('hash_sha256({a:1})'), createHash('sha256').update('{"a":1}').digest('hex'));
  });
  it('mask_email keeps the first character and the domain, and leaves non-emails alone', async () => {
    assert.equal(await evaluate('mask_email("john.doe@example.com")'), 'j***@example.com');
    assert.equal(await evaluate('mask_email("j@example.com")'), '*@example.com');
    assert.equal(await evaluate('mask_email("not-an-email")'), 'not-an-email');
    assert.equal(await evaluate('mask_email(7)'), 7);
  });
  it('mask_phone stars all but the last four characters, keeping the length', async () => {
    assert.equal(await evaluate('mask_phone("+1-555-123-4567")'), '***********4567');
    assert.equal(await evaluate('mask_phone("1234")'), '1234');
    assert.equal(await evaluate('mask_phone(5551234567)'), '******4567');
  });
  it('mask_year_only keeps only the year of RFC 3339, date-only and $date values', async () => {
    assert.equal(await evaluate('mask_year_only("1990-05-17T10:20:30Z")'), '1990-01-01T00:00:00+00:00');
    assert.equal(await evaluate('mask_year_only("1990-05-17")'), '1990-01-01');
    assert.equal(await evaluate('mask_year_only("May 1990")'), 'May 1990');
    assert.deepEqual(await evaluate('mask_year_only(data.d)', { d: new Date('1990-05-17T10:00:00Z') }), new Date('1990-01-01T00:00:00Z'));
    assert.deepEqual(await evaluate('mask_year_only({ $date: { $numberLong: "643000000000" } })'), new Date('1990-01-01T00:00:00Z'));
  });
  it('sum, avg, min and max aggregate numbers, skip non-numbers and NaN, and take a key function', async () => {
    assert.equal(await evaluate('sum([1, 2.5, "x", NaN, 3])'), 6.5);
    assert.equal(await evaluate('avg([1, 2, 3, null])'), 2);
    assert.equal(await evaluate('min([4, -1, 9])'), -1);
    assert.equal(await evaluate('max([{p:4},{p:11},{p:2}], x => x.p)'), 11);
    assert.equal(await evaluate('sum([{p:4},{p:1}], x => x.p)'), 5);
    assert.equal(await evaluate('sum([])'), 0);
    assert.equal(await evaluate('avg([])'), null);
    assert.equal(await evaluate('min([])'), null);
  });
  it('group_by and count_by key items by the function result', async () => {
    assert.deepEqual(await evaluate('group_by([{c:"a",v:1},{c:"b",v:2},{c:"a",v:3}], x => x.c)'), { a: [{ c: 'a', v: 1 }, { c: 'a', v: 3 }], b: [{ c: 'b', v: 2 }] });
    assert.deepEqual(await evaluate('count_by([1,2,3,4,5], x => x % 2 ? "odd" : "even")'), { odd: 3, even: 2 });
  });
  it('unique keeps the first of equal items (by value, or by key function)', async () => {
    assert.deepEqual(await evaluate('unique([1, "1", 1, {a:1}, {a:1}])'), [1, '1', { a: 1 }]);
    assert.deepEqual(await evaluate('unique([{id:1,n:"a"},{id:1,n:"b"},{id:2,n:"c"}], x => x.id)'), [{ id: 1, n: 'a' }, { id: 2, n: 'c' }]);
  });
  it('flatten flattens exactly one level', async () => {
    assert.deepEqual(await evaluate('flatten([1, [2, 3], [[4]]])'), [1, 2, 3, [4]]);
  });
  it('pluck, pick and omit select fields', async () => {
    assert.deepEqual(await evaluate('pluck([{a:1},{b:2},{a:3}], "a")'), [1, 3]);
    assert.deepEqual(await evaluate('pick({a:1,b:2,c:3}, ["a","c","z"])'), { a: 1, c: 3 });
    assert.deepEqual(await evaluate('omit({a:1,b:2,c:3}, ["b"])'), { a: 1, c: 3 });
  });
  it('helpers reject a non-array where an array is required with a clear error', async () => {
    await assert.rejects(evaluate('sum(5)'), /aggregate\(\) expects an array/);
  });
});
