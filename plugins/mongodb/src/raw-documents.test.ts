import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MongoServerError } from 'mongodb';
import { isRawStageRejected } from './mongo-errors.js';
import { rawFieldsOption, withRawDocumentsStage } from './raw-documents.js';

const wrap = (field: string) => ({ $map: { input: [1], in: { $ifNull: [`$${field}`, null] } } });

describe('raw documents', () => {
  it("appends one $addFields stage after the user's pipeline, wrapping each field", () => {
    const user = [{ $match: { operationType: 'insert' } }];
    assert.deepEqual(withRawDocumentsStage(user, ['fullDocument', 'fullDocumentBeforeChange']), [
      user[0],
      { $addFields: { fullDocument: wrap('fullDocument'), fullDocumentBeforeChange: wrap('fullDocumentBeforeChange') } },
    ]);
    assert.equal(user.length, 1, 'the configured pipeline is left as it was');
    assert.deepEqual(rawFieldsOption(['fullDocument']), { fullDocument: true });
  });

  it('keeps $changeStreamSplitLargeEvent last, as MongoDB requires', () => {
    const split = { $changeStreamSplitLargeEvent: {} };
    const stages = withRawDocumentsStage([{ $match: {} }, split], ['fullDocument']);
    assert.deepEqual(stages.map((s) => Object.keys(s)[0]), ['$match', '$addFields', '$changeStreamSplitLargeEvent']);
  });

  it("recognises a server's refusal of the stage, and nothing else", () => {
    const error = (code: number, errmsg: string) => new MongoServerError({ ok: 0, code, errmsg });
    assert.ok(isRawStageRejected(error(168, "Unrecognized expression '$map'")));
    assert.ok(isRawStageRejected(error(40324, 'Unrecognized pipeline stage name: $addFields')));
    assert.ok(!isRawStageRejected(error(286, 'ChangeStreamHistoryLost: $map')));
    assert.ok(!isRawStageRejected(error(13, 'not authorized on shop to execute command')));
    assert.ok(!isRawStageRejected(new Error("Unrecognized expression '$map'")));
  });
});
