import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BSON, Int32, ObjectId, Timestamp } from 'mongodb';
import { fromUtf8 } from '@mstream/sdk';
import { changeToEvent, type RawChange } from './change-event.js';
import { decodePosition, encodePosition } from './position.js';

const ns = { database: 'shop', collection: 'orders' };
const clusterTime = new Timestamp({ t: 1_700_000_000, i: 7 });

describe('change events', () => {
  it('carries the full document as BSON, the _id as key and the original attributes', () => {
    const id = new ObjectId();
    const event = changeToEvent({ _id: { _data: 'AA' }, operationType: 'insert', fullDocument: { _id: id, n: new Int32(1) }, documentKey: { _id: id }, clusterTime }, ns)!;
    assert.equal(event.operation, 'insert');
    assert.equal(event.encoding, 'bson');
    assert.equal(event.key, id.toHexString());
    assert.deepEqual(BSON.deserialize(event.payload), { _id: id, n: 1 });
    assert.deepEqual(event.attributes, { operation_type: 'insert', database: 'shop', collection: 'orders', 'mongodb.cluster_time': '1700000000.7' });
    assert.equal(event.sourceTimestamp, 1_700_000_000_000);
    assert.deepEqual(decodePosition(event.position), { phase: 'stream', token: { _data: 'AA' } });
    assert.equal(event.id, 'mongodb:shop.orders/AA', 'the resume token names the change for good');
  });

  it('maps replace onto replace instead of dropping it, and prefers wallTime and ns', () => {
    const wallTime = new Date('2026-01-02T03:04:05Z');
    const event = changeToEvent({ _id: { _data: 'AB' }, operationType: 'replace', fullDocument: { _id: 'k', v: 2 }, documentKey: { _id: 'k' }, clusterTime, wallTime, ns: { db: 'd2', coll: 'c2' } }, ns)!;
    assert.equal(event.operation, 'replace');
    assert.equal(event.sourceTimestamp, wallTime.getTime());
    assert.equal(event.attributes.database, 'd2');
    assert.equal(event.attributes.collection, 'c2');
  });

  it('gives a delete the pre-image when present, else {_id} from documentKey', () => {
    const base: RawChange = { _id: { _data: 'AC' }, operationType: 'delete', documentKey: { _id: 5 }, clusterTime };
    assert.deepEqual(BSON.deserialize(changeToEvent(base, ns)!.payload), { _id: 5 });
    const withPre = changeToEvent({ ...base, fullDocumentBeforeChange: { _id: 5, gone: true } }, ns)!;
    assert.deepEqual(BSON.deserialize(withPre.payload), { _id: 5, gone: true });
    assert.equal(withPre.operation, 'delete');
    assert.equal(withPre.key, '5');
  });

  it('falls back to {_id} for an update whose document no longer exists (null, or {} on mongo-java-server)', () => {
    for (const fullDocument of [null, {}]) {
      const event = changeToEvent({ _id: { _data: 'AD' }, operationType: 'update', fullDocument, documentKey: { _id: 'k' }, clusterTime }, ns)!;
      assert.deepEqual(BSON.deserialize(event.payload), { _id: 'k' });
    }
  });

  it('passes raw documents on as the very same bytes, and finds their _id without documentKey', () => {
    const bytes = BSON.serialize({ _id: 7, n: new Int32(1), nested: { a: [1, 'x'] } });
    const event = changeToEvent({ _id: { _data: 'AF' }, operationType: 'insert', fullDocument: [bytes], clusterTime }, ns)!;
    assert.equal(event.payload, bytes);
    assert.equal(event.key, '7');
    // _id not first (a pipeline may reorder fields): found by decoding.
    const late = BSON.serialize({ n: 1, _id: 'k' });
    const reordered = changeToEvent({ _id: { _data: 'B0' }, operationType: 'replace', fullDocument: [late] }, ns)!;
    assert.equal(reordered.payload, late);
    assert.equal(reordered.key, 'k');
  });

  it('treats raw [null] and raw {} like a missing document, and keeps a raw document without any known _id', () => {
    for (const fullDocument of [[null], [BSON.serialize({})]] as Array<[null] | Uint8Array[]>) {
      const event = changeToEvent({ _id: { _data: 'B1' }, operationType: 'update', fullDocument, documentKey: { _id: 'k' } }, ns)!;
      assert.deepEqual(BSON.deserialize(event.payload), { _id: 'k' });
    }
    const deleted = changeToEvent({ _id: { _data: 'B2' }, operationType: 'delete', fullDocument: [null], fullDocumentBeforeChange: [BSON.serialize({ _id: 3, gone: true })], documentKey: { _id: 3 } }, ns)!;
    assert.deepEqual(BSON.deserialize(deleted.payload), { _id: 3, gone: true });
    const anonymous = BSON.serialize({ projected: true });
    assert.equal(changeToEvent({ _id: { _data: 'B3' }, operationType: 'insert', fullDocument: [anonymous] }, ns)!.payload, anonymous);
  });

  it('returns nothing for DDL events', () => {
    assert.equal(changeToEvent({ _id: { _data: 'AE' }, operationType: 'createIndexes' }, ns), undefined);
  });
});

describe('positions', () => {
  it('round-trip snapshot positions with typed _id values', () => {
    const id = new ObjectId();
    const bytes = encodePosition({ phase: 'snapshot', last_id: id, stream_start: { operation_time: { t: 5, i: 1 } } });
    const back = decodePosition(bytes);
    assert.equal(back.phase, 'snapshot');
    assert.ok(back.phase === 'snapshot' && back.last_id instanceof ObjectId && back.last_id.equals(id));
    assert.match(fromUtf8(bytes), /"\$oid"/);
  });

  it('accept a bare resume token as a stream position and reject garbage with a data error', () => {
    assert.deepEqual(decodePosition(new TextEncoder().encode('{"_data":"82AB"}')), { phase: 'stream', token: { _data: '82AB' } });
    assert.throws(() => decodePosition(new TextEncoder().encode('{"x":1}')), { code: 'MS_ERR_DATA' });
  });
});
