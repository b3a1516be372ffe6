import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, eventKey, utf8 } from '@mstream/sdk';
import { withDocumentId } from './document-id.js';

const event = (id?: string, operation: 'insert' | 'delete' = 'insert') => createEvent({ position: utf8('p'), id, payload: utf8('{}'), encoding: 'json', operation });
const FROM_EVENT = { fromEvent: true };

describe('document ids a replay reproduces', () => {
  it('keep a document\'s own _id', () => {
    const doc = { _id: 7, a: 1 };
    assert.equal(withDocumentId(doc, event('kafka:t/0/1'), { idField: 'a', fromEvent: true }), doc);
  });

  it('take _id from id_field (dotted), and refuse a document without it', () => {
    assert.deepEqual(withDocumentId({ order: { id: 'o-1' }, n: 2 }, event('kafka:t/0/1'), { idField: 'order.id', fromEvent: true }), { _id: 'o-1', order: { id: 'o-1' }, n: 2 });
    assert.throws(() => withDocumentId({ n: 2 }, event('kafka:t/0/1'), { idField: 'order.id', fromEvent: true }), { code: 'MS_ERR_DATA', message: /neither _id nor the id_field "order.id"/ });
  });

  it('else derive _id from the event\'s source identity, placed first', () => {
    const doc = withDocumentId({ n: 1 }, event('kafka:t/0/1'), FROM_EVENT);
    assert.deepEqual(doc, { _id: eventKey({ id: 'kafka:t/0/1' }), n: 1 });
    assert.deepEqual(Object.keys(doc), ['_id', 'n']);
    assert.deepEqual(withDocumentId({ n: 1 }, event('kafka:t/0/1'), FROM_EVENT), doc, 'the same on a replay');
  });

  it('leave the document alone without an event id, with id_from_event off, and for deletes', () => {
    assert.deepEqual(withDocumentId({ n: 1 }, event(), FROM_EVENT), { n: 1 });
    assert.deepEqual(withDocumentId({ n: 1 }, event('kafka:t/0/1'), { fromEvent: false }), { n: 1 });
    assert.deepEqual(withDocumentId({ n: 1 }, event('kafka:t/0/1', 'delete'), FROM_EVENT), { n: 1 }, 'a delete record does not name the document');
  });
});
