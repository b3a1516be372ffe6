import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, utf8 } from '@mstream/sdk';
import { HostCodecs } from '../codecs/host-codecs.js';
import { EventConverter } from './event-converter.js';

describe('EventConverter JSON pass-through', () => {
  const converter = new EventConverter(new HostCodecs(), new Map());
  const event = (payload: string, operation: 'message' | 'delete' = 'message') => createEvent({ position: utf8('0'), payload: utf8(payload), encoding: 'json', operation });

  it('returns the same event, bytes untouched, when the JSON is valid', () => {
    const valid = event('{"a": 1}');
    assert.equal(converter.convert(valid, 'json', undefined, true), valid);
  });

  it('throws a DataError for invalid JSON only when asked to check', () => {
    assert.throws(() => converter.convert(event('{"a":'), 'json', undefined, true), { code: 'MS_ERR_DATA', message: /at byte 5/ });
    const unchecked = event('{"a":');
    assert.equal(converter.convert(unchecked, 'json'), unchecked);
  });

  it('lets an empty delete (a Kafka tombstone) through', () => {
    const tombstone = event('', 'delete');
    assert.equal(converter.convert(tombstone, 'json', undefined, true), tombstone);
    assert.throws(() => converter.convert(event(''), 'json', undefined, true), { code: 'MS_ERR_DATA' });
  });
});
