import { describe, it } from 'node:test';
import { availableParallelism } from 'node:os';
import assert from 'node:assert/strict';
import { createEvent, DataError, fromUtf8, utf8, type Middleware, type StreamEvent } from '@mstream/sdk';
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

describe('udf middleware sandbox pool', () => {
  // Each document records the size of the array the script saw: the whole batch, or a part.
  const seen = 'function transform(docs) { for (const d of docs) d.seen = docs.length; return docs; }';
  async function run(source: string, options: { workers?: number }) {
    const store = new ScriptStore(undefined);
    await store.write('seen.js', source);
    const context = createTestContext({ batch: { size: BATCH, maxWaitMs: 50 } });
    const middleware = (await udfMiddleware.create({ service: store, resource: 'seen.js', options: { timeout_ms: 5000, memory_limit_mb: 64, ...options }, context, encoding: 'json' })) as Middleware;
    try {
      const events = await middleware.transform(batch('p'), new AbortController().signal);
      return events.map((e) => JSON.parse(fromUtf8(e.payload)) as { i: number; seen: number });
    } finally {
      await middleware.close?.();
      context.dispose();
    }
  }
  it('keeps a batch whole unless the script declares its documents independent', async () => {
    const whole = await run(seen, {});
    assert.ok(whole.every((d) => d.seen === BATCH));
  });
  it('splits the batch of a script that declares `const independent = true;` across one sandbox per core, in order', async (t) => {
    if (availableParallelism() < 2) return t.skip('one CPU core: a single sandbox');
    const docs = await run(`const independent = true;\n${seen}`, {});
    assert.deepEqual(docs.map((d) => d.i), Array.from({ length: BATCH }, (_, i) => i));
    assert.ok(docs.every((d) => d.seen < BATCH), 'each sandbox saw only its part');
  });
  it('an explicit workers = 1 keeps the batch whole even when the script declares independence', async () => {
    const docs = await run(`const independent = true;\n${seen}`, { workers: 1 });
    assert.ok(docs.every((d) => d.seen === BATCH));
  });
  it('only the literal true declares independence', async () => {
    for (const declaration of ['const independent = 1;', 'var independent = "yes";', 'function independent() { return true; }']) {
      const docs = await run(`${declaration}\n${seen}`, {});
      assert.ok(docs.every((d) => d.seen === BATCH), declaration);
    }
  });
});

describe('udf middleware JSON payloads', () => {
  it('a payload that is not JSON fails the batch with a DataError carrying JSON.parse\'s message', async () => {
    const store = new ScriptStore(undefined);
    await store.write('id.js', 'function transform(docs) { return docs; }');
    const context = createTestContext({ batch: { size: BATCH, maxWaitMs: 50 } });
    const middleware = (await udfMiddleware.create({ service: store, resource: 'id.js', options: { timeout_ms: 5000, memory_limit_mb: 64 }, context, encoding: 'json' })) as Middleware;
    try {
      for (const bad of ['{"a":1,}', '{"a":"\u0001"}', '[1]]']) {
        let expected = '';
        try {
          JSON.parse(bad);
        } catch (error) {
          expected = (error as Error).message;
        }
        const events = batch('j');
        events[200] = { ...events[200], payload: utf8(bad) };
        await assert.rejects(middleware.transform(events, new AbortController().signal), (e: unknown) => e instanceof DataError && e.message === `payload is not valid JSON: ${expected}`, bad);
      }
      // Escapes, non-ASCII text and repeated names arrive as JSON.parse reads them.
      const events = batch('k');
      events[0] = { ...events[0], payload: utf8('{"t":"\\"é😀\\n","n":1,"n":2,"0":"x"}') };
      const [first] = await middleware.transform(events, new AbortController().signal);
      assert.deepEqual(JSON.parse(fromUtf8(first.payload)), { 0: 'x', t: '"é😀\n', n: 2 });
    } finally {
      await middleware.close?.();
      context.dispose();
    }
  });
});
