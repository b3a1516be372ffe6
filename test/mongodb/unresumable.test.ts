// @requires-services mongo
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { utf8, type StreamEvent, type Source } from '@mstream/sdk';
import { sourceFixture, uniqueName } from './helpers.js';

const fixture = sourceFixture('mstream_unres');

// A token the server cannot resume from. On real MongoDB a token older than the oplog gives
// ChangeStreamHistoryLost (286); mongo-java-server answers an unparsable token with "Unknown error".
const LOST = utf8('{"phase":"stream","token":{"_data":"zzzz"}}');

function source(coll: string, on_unresumable: string): Promise<Source> | Source {
  const options = { pipeline: [], full_document: 'updateLookup', full_document_before_change: 'off', on_unresumable, snapshot: false, snapshot_batch_size: 100, max_await_ms: 200, raw_documents: true };
  return fixture.definition.create({ service: fixture.handle, resource: coll, options, context: fixture.context, encoding: 'bson' });
}

describe('mongodb source with a position it cannot resume from', () => {
  it('fails with a non-retriable error saying so when on_unresumable = fail', async () => {
    const s = await source(uniqueName('lost'), 'fail');
    await assert.rejects(s.open(LOST, AbortSignal.timeout(5000)), (error: { code: string; retriable: boolean; message: string }) => {
      assert.equal(error.code, 'MS_ERR_NOT_FOUND');
      assert.equal(error.retriable, false);
      assert.match(error.message, /cannot resume from resume token zzzz/);
      return true;
    });
    await s.close();
  });

  it('logs a warning naming the lost position and streams from now when on_unresumable = restart_from_now', async () => {
    const coll = uniqueName('restart');
    const s = await source(coll, 'restart_from_now');
    await s.open(LOST, AbortSignal.timeout(5000));
    assert.ok(fixture.context.logs.some((l) => l.level === 'warn' && JSON.stringify(l).includes('zzzz')), 'a warning names the lost token');
    await fixture.db.collection<{ _id: string }>(coll).insertOne({ _id: 'after' });
    const got: StreamEvent[] = [];
    const end = Date.now() + 5000;
    while (got.length === 0 && Date.now() < end) got.push(...(await s.read(10, AbortSignal.timeout(500))));
    assert.deepEqual(got.map((e) => `${e.operation}:${e.key}`), ['insert:after']);
    await s.close();
  });
});
