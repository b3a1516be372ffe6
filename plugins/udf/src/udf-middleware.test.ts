import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, fromUtf8, utf8, type Middleware, type StreamEvent } from '@mstream/sdk';
import { createTestContext } from '@mstream/sdk/testing';
import { ScriptStore } from './script-store.js';
import { udfMiddleware } from './udf-middleware.js';

// Large enough to be handed over in staged parts (see script-runner.ts), which is where two
// calls in flight used to collide.
const BATCH = 300;
const batch = (tag: string): StreamEvent[] =>
  Array.from({ length: BATCH }, (_, i) => createEvent({ position: utf8(`${tag}${i}`), payload: utf8(JSON.stringify({ tag, i })), encoding: 'json', attributes: {} }));

describe('udf middleware with two batches in flight', () => {
  it('returns each call its own outputs, and runs the script on the batches in call order', async () => {
    const store = new ScriptStore(undefined);
    // State across calls: each batch is stamped with the number of the call that saw it.
    await store.write('stamp.js', 'let calls = 0;\nfunction transform(docs) { calls++; for (const d of docs) d.call = calls; return docs; }');
    const context = createTestContext({ batch: { size: BATCH, maxWaitMs: 50 } });
    const middleware = (await udfMiddleware.create({ service: store, resource: 'stamp.js', options: { timeout_ms: 5000, memory_limit_mb: 64, workers: 1 }, context, encoding: 'json' })) as Middleware;
    try {
      assert.equal(middleware.concurrentBatches, 2);
      const signal = new AbortController().signal;
      const tags = ['a', 'b', 'c', 'd'];
      const outputs = await Promise.all(tags.map((tag) => middleware.transform(batch(tag), signal)));
      outputs.forEach((events, call) => {
        const docs = events.map((e) => JSON.parse(fromUtf8(e.payload)) as { tag: string; i: number; call: number });
        assert.equal(docs.length, BATCH);
        assert.deepEqual(docs.map((d) => d.i), Array.from({ length: BATCH }, (_, i) => i));
        assert.ok(docs.every((d) => d.tag === tags[call] && d.call === call + 1), `batch ${tags[call]} ran as call ${call + 1}`);
      });
    } finally {
      await middleware.close?.();
      context.dispose();
    }
  });
});
