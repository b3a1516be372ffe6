import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BSON, type Document } from 'mongodb';
import { createTestContext } from '@mstream/sdk/testing';
import { ChangeStreamSource } from './change-stream-source.js';
import type { MongoHandle } from './mongo-service.js';
import { decodePosition } from './position.js';
import type { MongoSourceOptions } from './source-options.js';
import { SplitEventAssembler } from './split-events.js';

// mongo-java-server has no $changeStreamSplitLargeEvent, so fragments are made here, shaped as
// MongoDB 7 sends them: top-level fields spread over fragments, each with its own token.
const big = BSON.serialize({ _id: 7, blob: 'x'.repeat(1000) });
const before = BSON.serialize({ _id: 7, blob: 'y' });
const fragments: Document[] = [
  { _id: { _data: 'F1' }, splitEvent: { fragment: 1, of: 3 }, operationType: 'delete', documentKey: { _id: 7 }, ns: { db: 'shop', coll: 'orders' } },
  { _id: { _data: 'F2' }, splitEvent: { fragment: 2, of: 3 }, fullDocument: [null] },
  { _id: { _data: 'F3' }, splitEvent: { fragment: 3, of: 3 }, fullDocumentBeforeChange: [before] },
];

describe('split change events', () => {
  it('reassemble into one event with the last fragment’s token, and pass unsplit events through', () => {
    const assembler = new SplitEventAssembler();
    assert.equal(assembler.add(fragments[0] as never), undefined);
    assert.equal(assembler.pending, true);
    assert.equal(assembler.add(fragments[1] as never), undefined);
    const whole = assembler.add(fragments[2] as never)!;
    assert.equal(assembler.pending, false);
    assert.deepEqual(whole._id, { _data: 'F3' });
    assert.equal(whole.operationType, 'delete');
    assert.equal((whole as Document).splitEvent, undefined);
    assert.deepEqual(whole.fullDocumentBeforeChange, [before]);
    const plain = { _id: { _data: 'P' }, operationType: 'insert' };
    assert.equal(assembler.add(plain as never), plain);
  });

  it('refuse fragments out of order with a data error naming what was expected', () => {
    const assembler = new SplitEventAssembler();
    assert.throws(() => assembler.add(fragments[1] as never), { code: 'MS_ERR_DATA', message: /fragment 2 of 3 arrived, expected fragment 1/ });
    assembler.add(fragments[0] as never);
    assert.throws(() => assembler.add(fragments[2] as never), /fragment 3 of 3 arrived, expected 2 of 3/);
    assert.equal(assembler.pending, false, 'a broken event is dropped, not kept half-built');
  });

  it('through the source: the split stage goes last, the event is delivered whole, and no idle position points inside it', async () => {
    const pipelines: Document[][] = [];
    const queue = [...fragments, { _id: { _data: 'I1' }, operationType: 'insert', documentKey: { _id: 8 }, fullDocument: [big] }];
    let resumeToken: Document | null = null;
    let available = 1; // the server has sent the first fragment only, for now
    const stream = {
      bufferedCount: () => 0,
      tryNext: async () => {
        if (available === 0) return null;
        available--;
        const next = queue.shift() ?? null;
        if (next) resumeToken = next._id as Document;
        return next;
      },
      get resumeToken() {
        return resumeToken;
      },
      close: async () => {},
    };
    const collection = { watch: (pipeline: Document[]) => (pipelines.push(pipeline), stream) };
    // A client that never reports a failed heartbeat (the source listens for them).
    const client = { on: () => undefined, off: () => undefined };
    const handle = { dbName: 'shop', client, db: { collection: () => collection } } as unknown as MongoHandle;
    const options: MongoSourceOptions = {
      pipeline: [{ $match: { operationType: { $in: ['insert', 'delete'] } } }], full_document: 'updateLookup', full_document_before_change: 'whenAvailable',
      on_unresumable: 'fail', snapshot: false, snapshot_batch_size: 100, max_await_ms: 100, raw_documents: true, split_large_events: true,
    };
    const context = createTestContext({ pluginId: 'mongodb' });
    const source = new ChangeStreamSource(handle, 'orders', options, context);
    await source.open(new TextEncoder().encode('{"phase":"stream","token":{"_data":"F0"}}'), AbortSignal.timeout(1000));
    assert.deepEqual(pipelines[0].map((stage) => Object.keys(stage)[0]), ['$match', '$addFields', '$changeStreamSplitLargeEvent']);

    const first = await source.read(10, AbortSignal.timeout(1000));
    assert.deepEqual(first, [], 'one fragment alone is not an event');
    assert.equal(source.idlePosition(), undefined, 'the driver’s token is inside the split event');
    available = queue.length;
    // A read returns once it has events and the next document would need a round trip.
    const events = [...(await source.read(10, AbortSignal.timeout(1000))), ...(await source.read(10, AbortSignal.timeout(1000)))];
    assert.deepEqual(events.map((e) => e.operation), ['delete', 'insert']);
    assert.deepEqual(BSON.deserialize(events[0].payload), { _id: 7, blob: 'y' }, 'the pre-image from the last fragment');
    assert.deepEqual(decodePosition(events[0].position), { phase: 'stream', token: { _data: 'F3' } });
    assert.equal(events[1].payload, big);
    await source.close();
    context.dispose();
  });
});
