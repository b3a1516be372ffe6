import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, scriptedPlugin } from './fixtures/scripted-plugin.js';
import { eventually, startTestHost } from './test-host.js';

describe('a job running flat out', () => {
  it('leaves the event loop free for timers and the API (a source that always has events, a sink without I/O)', async () => {
    const world = createWorld();
    world.topics.set('in', Array.from({ length: 300_000 }, (_, i) => `{"id":${i}}`));
    const h = await startTestHost({
      plugins: [scriptedPlugin(world)],
      config: {
        services: [{ provider: 'scripted', name: 'src' }, { provider: 'scripted', name: 'dst' }],
        connectors: [{ name: 'flat-out', source: { service_name: 'src', resource: 'in', output_encoding: 'json' }, sinks: [{ service_name: 'dst', resource: 'out', output_encoding: 'json' }], batch: { size: 500, max_wait_ms: 5 } }],
      },
    });
    try {
      await eventually(() => (world.written.get('out')?.length ?? 0) > 0, 5000, 'the job to start writing');
      // Every read and write resolves at once: without turns, this timer would wait for the whole topic.
      const started = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 10));
      const late = performance.now() - started;
      const written = world.written.get('out')!.length;
      assert.ok(written < 300_000, `still running when the timer fired (${written} written)`);
      assert.ok(late < 500, `a 10 ms timer fired after ${late.toFixed(0)} ms`);
      assert.equal((await h.request('GET', '/health')).status, 200);
    } finally {
      await h.close();
    }
  });
});
