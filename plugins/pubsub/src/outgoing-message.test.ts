import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEvent, utf8 } from '@mstream/sdk';
import { LIMITS, toMessage } from './outgoing-message.js';

const NO_ORDERING = { use_event_key_as_ordering_key: false };
const event = (init: Partial<Parameters<typeof createEvent>[0]> = {}) =>
  createEvent({ position: utf8('1'), payload: utf8('{"a":1}'), encoding: 'json', ...init });
const isData = (pattern: RegExp) => (e: any) => e.code === 'MS_ERR_DATA' && pattern.test(e.message);

describe('pubsub outgoing message', () => {
  it('copies payload and attributes, dropping empty attribute keys', () => {
    const message = toMessage(event({ attributes: { a: '1', '': 'dropped', b: '' } }), NO_ORDERING);
    assert.equal(message.data.toString(), '{"a":1}');
    assert.deepEqual(message.attributes, { a: '1', b: '' });
    assert.equal(message.orderingKey, undefined);
  });

  it('takes the ordering key from the named attribute, else from the event key when asked', () => {
    const e = event({ key: 'customer-7', attributes: { tenant: 't1' } });
    assert.equal(toMessage(e, { ordering_key_attribute: 'tenant', use_event_key_as_ordering_key: true }).orderingKey, 't1');
    assert.equal(toMessage(e, { use_event_key_as_ordering_key: true }).orderingKey, 'customer-7');
    assert.equal(toMessage(event({ key: utf8('bytes-key') }), { use_event_key_as_ordering_key: true }).orderingKey, 'bytes-key');
    assert.equal(toMessage(e, NO_ORDERING).orderingKey, undefined);
  });

  it('refuses what Pub/Sub would refuse, as a data error naming the limit', () => {
    assert.throws(() => toMessage(event({ payload: new Uint8Array(0) }), NO_ORDERING), isData(/payload or at least one attribute/));
    assert.throws(() => toMessage(event({ payload: new Uint8Array(LIMITS.messageBytes + 1) }), NO_ORDERING), isData(/exceeds/));
    assert.throws(() => toMessage(event({ attributes: { googfoo: 'x' } }), NO_ORDERING), isData(/reserved/));
    assert.throws(() => toMessage(event({ attributes: { a: 'x'.repeat(1025) } }), NO_ORDERING), isData(/longer than 1024/));
    assert.throws(() => toMessage(event({ attributes: { ['k'.repeat(257)]: 'x' } }), NO_ORDERING), isData(/longer than 256/));
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']));
    assert.throws(() => toMessage(event({ attributes: many }), NO_ORDERING), isData(/at most 100/));
    assert.throws(() => toMessage(event({ key: 'k'.repeat(1025) }), { use_event_key_as_ordering_key: true }), isData(/ordering key/));
  });

  it('accepts an empty payload when the message has attributes', () => {
    assert.equal(toMessage(event({ payload: new Uint8Array(0), attributes: { a: '1' } }), NO_ORDERING).data.length, 0);
  });
});
