import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import formatsModule from 'ajv-formats/dist/formats.js';
import { isRfc3339Date, isRfc3339DateTime, isRfc3339Time } from './rfc3339-formats.js';
import { createDataAjv } from '../runtime/resolve-schemas.js';

const { fullFormats } = ((formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule) as typeof formatsModule;
const reference = (name: 'date' | 'time' | 'date-time') => (fullFormats[name] as unknown as { validate: (s: string) => boolean }).validate;

/** A small deterministic generator, so a failure names a reproducible string. */
function random(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

// Characters near the grammar: digits, its punctuation, separators (including \s ones beyond
// ASCII), letters that look like z/t, and a non-ASCII digit the regexes must refuse.
const ALPHABET = ['0', '1', '2', '3', '5', '9', '-', ':', '.', '+', 'z', 'Z', 't', 'T', ' ', '\t', '\u00a0', '\u2028', '\ufeff', 'x', '٣', '6', '4', '8', '7'];

/** Valid-looking strings, then one to three characters replaced, inserted or deleted. */
function* candidates(count: number) {
  const pick = random(42);
  const two = (max: number) => String(pick(max)).padStart(2, '0');
  for (let n = 0; n < count; n++) {
    const year = String(pick(10_000)).padStart(4, '0');
    // Each field in range most of the time, so that enough whole date-times are valid.
    const field = (inRange: number) => two(pick(8) === 0 ? 100 : inRange);
    const month = field(13);
    const day = field(31);
    const hour = field(24);
    const minute = field(60);
    const second = pick(8) === 0 ? '60' : field(60);
    const fraction = ['', '', '.5', '.000', `.${'9'.repeat(pick(25) + 1)}`, '.'][pick(6)];
    const zone = ['Z', 'Z', 'z', '', `+${two(26)}:${two(61)}`, `-${two(24)}${two(60)}`, `+${two(24)}`, '-', '+1'][pick(9)];
    const separator = ['T', 'T', 'T', 't', ' ', '\n', '\u3000', 'x', ''][pick(9)];
    const time = `${hour}:${minute}:${second}${fraction}${zone}`;
    const date = `${year}-${month}-${day}`;
    const whole = `${date}${separator}${time}`;
    for (const base of [whole, date, time]) {
      yield base;
      let mutated = base;
      for (let m = pick(3) + 1; m > 0; m--) {
        const at = pick(mutated.length + 1);
        const ch = ALPHABET[pick(ALPHABET.length)];
        const kind = pick(3);
        mutated = kind === 0 ? mutated.slice(0, at) + ch + mutated.slice(at + 1) : kind === 1 ? mutated.slice(0, at) + ch + mutated.slice(at) : mutated.slice(0, at) + mutated.slice(at + 1);
      }
      yield mutated;
    }
  }
}

const EDGES = [
  '2020-02-29', '2019-02-29', '1900-02-29', '2000-02-29', '2021-04-31', '2021-12-31', '0000-01-01', '2021-13-01', '2021-00-10', '2021-01-00', '2021-1-01',
  '23:59:60Z', '23:59:60.999Z', '23:59:61Z', '00:59:60+01:00', '22:59:60-01:00', '24:59:30+01:00', '23:59:59.99999999999999999Z', '23:58:59.99999999999999999Z', '2024-01-01T12:00:59.99999999999999999Z', '23:59:60.99999999999999999Z',
  '12:00:00', '12:00:00+24:00', '12:00:00+23:60', '12:00:00+2300', '12:00:00+23', '12:00:00+2', '12:00:00+23:', '12:00:00.Z', '12:00:00.5z',
  '2024-01-01T10:00:00.000Z', '2024-01-01t10:00:00z', '2024-01-01 10:00:00+01:00', '2024-01-01\u200a10:00:00Z', '2024-01-01TT10:00:00Z',
  '2024-01-01T10:00:00Z ', ' 2024-01-01T10:00:00Z', '2024-01-01T10:00:00', '2024-01-01', '', 'T', '2024-01-01T', '٢٠٢٤-01-01T10:00:00Z',
];

describe('rfc3339 formats', () => {
  it('accepts and refuses exactly what ajv-formats (full) does, on edge cases', () => {
    for (const text of EDGES) {
      assert.equal(isRfc3339Date(text), reference('date')(text), `date ${JSON.stringify(text)}`);
      assert.equal(isRfc3339Time(text), reference('time')(text), `time ${JSON.stringify(text)}`);
      assert.equal(isRfc3339DateTime(text), reference('date-time')(text), `date-time ${JSON.stringify(text)}`);
    }
  });

  it('agrees with ajv-formats on 60,000 generated near-miss strings, and sees both answers', () => {
    const seen = { date: [0, 0], time: [0, 0], 'date-time': [0, 0] };
    for (const text of candidates(10_000)) {
      const expected = { date: reference('date')(text), time: reference('time')(text), 'date-time': reference('date-time')(text) };
      assert.equal(isRfc3339Date(text), expected.date, `date ${JSON.stringify(text)}`);
      assert.equal(isRfc3339Time(text), expected.time, `time ${JSON.stringify(text)}`);
      assert.equal(isRfc3339DateTime(text), expected['date-time'], `date-time ${JSON.stringify(text)}`);
      for (const name of ['date', 'time', 'date-time'] as const) seen[name][expected[name] ? 1 : 0]++;
    }
    // The generator must exercise both outcomes of each format, or the comparison proves little.
    for (const [name, [refused, accepted]] of Object.entries(seen)) assert.ok(refused > 1000 && accepted > 1000, `${name}: ${accepted} accepted, ${refused} refused`);
  });

  it('is what the data ajv uses, and keeps the formats comparable for formatMinimum', () => {
    const ajv = createDataAjv();
    const validate = ajv.compile({ type: 'string', format: 'date-time', formatMinimum: '2024-01-01T00:00:00Z' });
    assert.equal(validate('2024-06-01T12:00:00Z'), true);
    assert.equal(validate('2023-06-01T12:00:00Z'), false, 'formatMinimum still compares');
    assert.equal(validate('2024-06-31T12:00:00Z'), false, 'June has 30 days');
    assert.equal(ajv.compile({ type: 'string', format: 'date' })('2024-02-30'), false);
    assert.equal(ajv.compile({ type: 'string', format: 'time' })('12:00:00'), false, 'the offset is required');
  });
});
