import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, utf8 } from '@mstream/sdk';
import { distinctIds } from './distinct-ids.js';

const event = (id?: string) => createEvent({ position: utf8('0'), payload: utf8('{}'), encoding: 'json', id });

describe('distinct ids of middleware output', () => {
  it('numbers the repeats of an id in output order and leaves other events alone', () => {
    const a = event('a');
    const out = distinctIds([a, a, event('b'), a, event()]);
    assert.deepEqual(out.map((e) => e.id), ['a', 'a#1', 'b', 'a#2', undefined]);
    assert.equal(out[0], a, 'the first keeps its object');
  });

  it('returns the same array when nothing repeats', () => {
    const events = [event('a'), event('b'), event()];
    assert.equal(distinctIds(events), events);
  });
});
