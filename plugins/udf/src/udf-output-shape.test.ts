import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, fromUtf8, utf8, type Middleware, type StreamEvent } from '@mstream/sdk';
import { createTestContext } from '@mstream/sdk/testing';
import { ScriptStore } from './script-store.js';
import { udfMiddleware } from './udf-middleware.js';

// A script controls everything inside its sandbox, prototypes included. Whatever it does there,
// every event the middleware hands on must come from one of the events it was given.
const events = (n: number): StreamEvent[] =>
  Array.from({ length: n }, (_, i) => createEvent({ position: utf8(`p${i}`), payload: utf8(JSON.stringify({ i })), encoding: 'json', attributes: { k: String(i) } }));

async function transformWith(source: string, input: StreamEvent[], batchSize = 500) {
  const store = new ScriptStore(undefined);
  await store.write('shape.js', source);
  const context = createTestContext({ batch: { size: batchSize, maxWaitMs: 50 } }); // batch mode when size > 1
  const middleware = (await udfMiddleware.create({ service: store, resource: 'shape.js', options: { timeout_ms: 5000, memory_limit_mb: 64, workers: 1 }, context, encoding: 'json' })) as Middleware;
  try {
    return await middleware.transform(input, new AbortController().signal);
  } finally {
    await middleware.close?.();
    context.dispose();
  }
}

/** Every output carries the position and id of an input event: none is made up. */
function assertFromInputs(outputs: StreamEvent[], input: StreamEvent[]) {
  const ids = new Set(input.map((e) => e.id));
  for (const out of outputs) {
    assert.ok(out.position instanceof Uint8Array && out.position.byteLength > 0, `an output without a position: ${JSON.stringify(out)}`);
    assert.ok(ids.has(out.id), `an output whose id "${out.id}" is no input's`);
  }
}

describe('udf outputs whatever the script does to prototypes', () => {
  const pollute = 'Array.prototype.d = Array.from({ length: 10 }, (_, i) => ({ forged: i })); Array.prototype.a = Array.from({ length: 10 }, () => ({}));';

  it('a polluted Array.prototype.d/a does not turn per-event outputs into columns of made-up events', async () => {
    const input = events(2);
    for (const batchMode of [false, true]) {
      const body = batchMode ? 'function transform(docs) { return docs.map((d) => ({ ...d, seen: true })); }' : 'function transform(doc) { return { ...doc, seen: true }; }';
      const source = `${pollute}\n${body}`;
      let outputs: StreamEvent[] | undefined;
      let failure: unknown;
      try {
        outputs = batchMode ? await transformWith(source, input) : (await Promise.all(input.map((e) => transformWith(source, [e], 1)))).flat();
      } catch (error) {
        failure = error;
      }
      // Either the script's real outputs, or a data error: never forged events.
      if (outputs) {
        assertFromInputs(outputs, input);
        assert.deepEqual(outputs.map((e) => JSON.parse(fromUtf8(e.payload))), [{ i: 0, seen: true }, { i: 1, seen: true }], `batch mode ${batchMode}`);
      } else assert.equal((failure as { code?: string }).code, 'MS_ERR_DATA', String(failure));
    }
  });

  it('columns longer or shorter than the batch are refused, not read as made-up or dropped events', async () => {
    const input = events(3);
    // Returns its input array (the columns path), after growing or shrinking it.
    for (const edit of ['docs.push({ extra: true });', 'docs.length = 1;']) {
      let outputs: StreamEvent[] | undefined;
      let failure: unknown;
      try {
        outputs = await transformWith(`function transform(docs) { ${edit} return docs; }`, input);
      } catch (error) {
        failure = error;
      }
      if (outputs) assertFromInputs(outputs, input);
      else assert.equal((failure as { code?: string }).code, 'MS_ERR_DATA', String(failure));
    }
  });
});
