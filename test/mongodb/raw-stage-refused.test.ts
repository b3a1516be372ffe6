// @requires-services mongo
// A MongoDB-compatible server that refuses the raw-documents stage: the source must say so, reopen
// without it and deliver the same events. mongo-java-server accepts the stage, so the refusal is
// injected at the driver boundary (the first watch() whose pipeline carries the stage fails as a
// server would, with InvalidPipelineOperator); everything after it runs against the real server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BSON, MongoServerError, type ChangeStream, type Collection, type Document } from 'mongodb';
import type { StreamEvent } from '@mstream/sdk';
import type { MongoHandle } from '../../plugins/mongodb/src/mongo-service.js';
import { sourceFixture, uniqueName } from './helpers.js';

const fixture = sourceFixture('mstream_rawref');

/** A handle whose collections refuse change streams that carry the raw-documents stage. */
function refusingHandle(pipelines: Document[][]): MongoHandle {
  const refusing = (collection: Collection): Collection =>
    new Proxy(collection, {
      get(target, property, receiver) {
        if (property !== 'watch') return Reflect.get(target, property, receiver);
        return (pipeline: Document[], options: Document): ChangeStream => {
          pipelines.push(pipeline);
          const stream = target.watch(pipeline, options);
          if (!JSON.stringify(pipeline).includes('$addFields')) return stream;
          stream.tryNext = () => Promise.reject(new MongoServerError({ ok: 0, code: 168, codeName: 'InvalidPipelineOperator', errmsg: "Unrecognized expression '$map'" }));
          return stream;
        };
      },
    });
  const refusingDb = new Proxy(fixture.handle.db, {
    get(target, property, receiver) {
      if (property === 'collection') return (name: string) => refusing(target.collection(name));
      return Reflect.get(target, property, receiver);
    },
  });
  return { ...fixture.handle, db: refusingDb } as MongoHandle;
}

describe('mongodb source on a server that refuses the raw-documents stage', () => {
  it('warns, reopens without the stage and still delivers each document', async () => {
    const coll = uniqueName('refused');
    const pipelines: Document[][] = [];
    const options = { pipeline: [{ $match: { operationType: 'insert' } }], full_document: 'updateLookup', full_document_before_change: 'off', on_unresumable: 'fail', snapshot: false, snapshot_batch_size: 100, max_await_ms: 200, raw_documents: true };
    const source = await fixture.definition.create({ service: refusingHandle(pipelines), resource: coll, options, context: fixture.context, encoding: 'bson' });
    await source.open(undefined, AbortSignal.timeout(5000));
    try {
      const warning = fixture.context.logs.find((l) => l.level === 'warn' && JSON.stringify(l).includes('raw-documents stage'));
      assert.ok(warning, 'a warning says the stage was refused');
      assert.match(JSON.stringify(warning), /Unrecognized expression/);
      await fixture.db.collection<{ _id: string; v: number }>(coll).insertOne({ _id: 'a', v: 1 });
      const got: StreamEvent[] = [];
      const end = Date.now() + 5000;
      while (got.length === 0 && Date.now() < end) got.push(...(await source.read(10, AbortSignal.timeout(500))));
      assert.deepEqual(got.map((e) => BSON.deserialize(e.payload)), [{ _id: 'a', v: 1 }]);
      const last = pipelines[pipelines.length - 1];
      assert.deepEqual(last, options.pipeline, "the stream in use runs the user's pipeline alone");
    } finally {
      await source.close();
    }
  });
});
