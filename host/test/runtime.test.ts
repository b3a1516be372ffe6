import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, scriptedPlugin, type ScriptedWorld } from './fixtures/scripted-plugin.js';
import { eventually, startTestHost, type TestHost } from './test-host.js';

const SERVICES = [
  { provider: 'scripted', name: 'src' },
  { provider: 'scripted', name: 'dst' },
];

function connector(overrides: Record<string, unknown> = {}) {
  return {
    name: 'copy',
    source: { service_name: 'src', resource: 'in', output_encoding: 'json' },
    sinks: [{ service_name: 'dst', resource: 'out', output_encoding: 'json' }],
    retry: { initial_backoff_ms: 10, max_backoff_ms: 50 },
    checkpoint: { enabled: true, interval_ms: 0 },
    ...overrides,
  };
}

async function withHost(world: ScriptedWorld, connectors: unknown[], test: (h: TestHost) => Promise<void>, dataDir?: string) {
  const h = await startTestHost({ plugins: [scriptedPlugin(world)], config: { services: SERVICES, connectors }, dataDir });
  try {
    await test(h);
  } finally {
    await h.close();
  }
}

const payloads = (n: number, from = 0) => Array.from({ length: n }, (_, i) => JSON.stringify({ id: from + i }));

describe('job runtime', () => {
  it('copies every event to the sink in source order and acknowledges only what was written', async () => {
    const world = createWorld();
    world.topics.set('in', payloads(50));
    await withHost(world, [connector({ batch: { size: 7, max_wait_ms: 20 } })], async () => {
      await eventually(() => world.written.get('out')?.length === 50, 5000, '50 events written');
      assert.deepEqual(world.written.get('out'), payloads(50));
      await eventually(() => world.acked.get('in')?.length === 50, 2000, 'all acked');
      assert.deepEqual(world.acked.get('in'), Array.from({ length: 50 }, (_, i) => i));
    });
  });

  it('retries a sink that fails retriably, shows the error meanwhile, and loses nothing', async () => {
    const world = createWorld();
    world.topics.set('in', payloads(10));
    world.failWrites.set('out', 4);
    world.writeDelayMs = 5;
    await withHost(world, [connector({ retry: { initial_backoff_ms: 40, max_backoff_ms: 80 } })], async (h) => {
      await eventually(async () => (await h.request('GET', '/jobs/copy')).body.error?.retrying, 3000, 'retrying state');
      await eventually(() => world.written.get('out')?.length === 10, 5000, 'all written after retries');
      assert.deepEqual(world.written.get('out'), payloads(10));
      await eventually(async () => !(await h.request('GET', '/jobs/copy')).body.error, 3000, 'error cleared after recovery');
      const metrics = (await h.request('GET', '/jobs/copy/metrics')).body;
      assert.equal(metrics.retries >= 4, true);
      assert.equal(metrics.events_processed, 10);
    });
  });

  it('sends only the event a sink rejects to the dead-letter store and keeps running', async () => {
    const world = createWorld();
    world.topics.set('in', [...payloads(3), JSON.stringify({ id: 3, reject: true }), ...payloads(3, 4)]);
    await withHost(world, [connector({ batch: { size: 10, max_wait_ms: 30 } })], async (h) => {
      await eventually(() => world.written.get('out')?.length === 6, 5000, 'good events written');
      const dl = await eventually(async () => {
        const res = await h.request('GET', '/jobs/copy/dead-letters');
        return res.body.total === 1 ? res.body : undefined;
      });
      const entry = dl.items[0];
      assert.equal(entry.stage, 'sinks[0]');
      assert.equal(entry.code, 'MS_ERR_DATA');
      assert.match(entry.reason, /sink refuses/);
      assert.equal(Buffer.from(entry.payload, 'base64').toString(), JSON.stringify({ id: 3, reject: true }));
      assert.equal((await h.request('GET', '/jobs/copy')).body.state, 'running');

      // The sink stops rejecting: re-driving writes the event and removes the dead letter.
      world.rejectPattern = '';
      const redrive = await h.request('POST', '/jobs/copy/dead-letters/redrive', {});
      assert.equal(redrive.status, 200);
      assert.equal(redrive.body.redriven, 1);
      assert.equal(world.written.get('out')!.at(-1), JSON.stringify({ id: 3, reject: true }));
      assert.equal((await h.request('GET', '/jobs/copy/dead-letters')).body.total, 0);
    });
  });

  it('isolates a poison event in a middleware batch, fans out and drops as the middleware says', async () => {
    const world = createWorld();
    world.topics.set('in', [JSON.stringify({ id: 0 }), JSON.stringify({ id: 1, poison: true }), JSON.stringify({ id: 2, drop: true }), JSON.stringify({ id: 3 })]);
    const job = connector({
      batch: { size: 4, max_wait_ms: 50 },
      middlewares: [{ service_name: 'src', resource: 'x', output_encoding: 'json', options: { fanout: 2 } }],
    });
    await withHost(world, [job], async (h) => {
      await eventually(() => world.written.get('out')?.length === 4, 5000, 'fanned-out events');
      assert.deepEqual(world.written.get('out'), [JSON.stringify({ id: 0 }), JSON.stringify({ id: 0 }), JSON.stringify({ id: 3 }), JSON.stringify({ id: 3 })]);
      const dl = (await h.request('GET', '/jobs/copy/dead-letters')).body;
      assert.equal(dl.total, 1);
      assert.equal(dl.items[0].stage, 'middlewares[0]');
    });
  });

  it('overlaps batches in a middleware that accepts two at once, calling and writing them in order', async () => {
    for (const concurrent of [1, 2]) {
      const world = createWorld();
      const events = Array.from({ length: 60 }, (_, i) => JSON.stringify(i === 17 ? { id: i, poison: true } : { id: i }));
      world.topics.set('in', events);
      const job = connector({
        batch: { size: 5, max_wait_ms: 20 },
        middlewares: [{ service_name: 'src', resource: 'x', output_encoding: 'json', options: { concurrent_batches: concurrent, delay_ms: 15 } }],
      });
      await withHost(world, [job], async (h) => {
        await eventually(() => world.written.get('out')?.length === 59, 10_000, `59 events written (concurrent_batches ${concurrent})`);
        assert.deepEqual(world.written.get('out'), events.filter((_, i) => i !== 17), 'written in source order, the poison event left out');
        await eventually(() => world.acked.get('in')?.length === 60, 2000, 'all acked');
        assert.deepEqual(world.acked.get('in'), Array.from({ length: 60 }, (_, i) => i), 'acked in order');
        assert.equal(world.maxTransformsRunning, concurrent, `at most ${concurrent} batch(es) in the middleware at once`);
        // Batch calls start in batch order (the one-by-one retries that isolate the poison event come after their batch).
        const batchStarts = world.transformStarts.filter((call) => call.size > 1).map((call) => (JSON.parse(call.first) as { id: number }).id);
        assert.deepEqual(batchStarts, Array.from({ length: 12 }, (_, i) => i * 5));
        const dl = (await h.request('GET', '/jobs/copy/dead-letters')).body;
        assert.equal(dl.total, 1);
      });
    }
  });

  it('dead-letters an undecodable event at the source stage with its original bytes', async () => {
    const world = createWorld();
    world.topics.set('in', ['{"id":0}', 'not json at all', '{"id":2}']);
    const job = connector({
      source: { service_name: 'src', resource: 'in', output_encoding: 'bson' },
      sinks: [{ service_name: 'dst', resource: 'out', output_encoding: 'bson' }],
    });
    await withHost(world, [job], async (h) => {
      await eventually(() => world.written.get('out')?.length === 2, 5000, 'decodable events written');
      const dl = (await h.request('GET', '/jobs/copy/dead-letters')).body;
      assert.equal(dl.total, 1);
      assert.equal(dl.items[0].stage, 'source');
      assert.equal(Buffer.from(dl.items[0].payload, 'base64').toString(), 'not json at all');
      assert.match(dl.items[0].reason, /not valid JSON/);
    });
  });

  it('fails the job with the reason when the error policy is fail', async () => {
    const world = createWorld();
    world.topics.set('in', ['{"id":0}', JSON.stringify({ reject: true })]);
    await withHost(world, [connector({ on_error: 'fail' })], async (h) => {
      const job = await eventually(async () => {
        const res = (await h.request('GET', '/jobs/copy')).body;
        return res.state === 'failed' ? res : undefined;
      });
      assert.match(job.error.message, /sink refuses/);
      assert.equal((await h.request('GET', '/health')).body.status, 'degraded');
      assert.deepEqual(world.acked.get('in'), [0]);
    });
  });

  it('resumes after a restart from the last checkpoint without gaps', async () => {
    const world = createWorld();
    world.topics.set('in', payloads(5));
    await withHost(world, [connector()], async (h) => {
      await eventually(() => world.written.get('out')?.length === 5);
      assert.equal((await h.request('POST', '/jobs/copy/stop')).status, 200);
      world.topics.get('in')!.push(...payloads(5, 5));
      assert.equal((await h.request('POST', '/jobs/copy/restart')).status, 200);
      await eventually(() => world.written.get('out')?.length === 10, 5000, 'second half written');
      assert.deepEqual(world.written.get('out'), payloads(10));
      assert.deepEqual(world.openedAt, [undefined, 4]);
      const checkpoints = (await h.request('GET', '/jobs/copy/checkpoints')).body;
      assert.deepEqual(checkpoints[0].cursor, { value: 9 });
    });
  });

  it('moves a stopped job\'s position: back to an earlier checkpoint, to a given position, or to no checkpoint at all', async () => {
    const world = createWorld();
    world.topics.set('in', payloads(5));
    await withHost(world, [connector()], async (h) => {
      await eventually(() => world.written.get('out')?.length === 5);
      const refused = await h.request('PUT', '/jobs/copy/checkpoints', { cursor: 1 });
      assert.equal(refused.status, 409, 'not while it runs');
      assert.match(refused.body.message, /stop it first/);
      assert.equal((await h.request('POST', '/jobs/copy/stop')).status, 200);

      const rewound = await h.request('PUT', '/jobs/copy/checkpoints', { cursor: 1 });
      assert.equal(rewound.status, 200, JSON.stringify(rewound.body));
      assert.deepEqual(rewound.body.item.cursor, { value: 1 });
      assert.equal((await h.request('POST', '/jobs/copy/restart')).status, 200);
      await eventually(() => world.written.get('out')?.length === 8, 5000, 'events after the second re-delivered');
      assert.deepEqual(world.written.get('out')!.slice(5), payloads(3, 2));

      assert.equal((await h.request('POST', '/jobs/copy/stop')).status, 200);
      const history = (await h.request('GET', '/jobs/copy/checkpoints')).body as Array<{ updated_at: string; cursor: unknown; cursor_base64: string }>;
      const newest = history[0];
      assert.deepEqual(newest.cursor, { value: 4 });
      // Two saves within one millisecond make the time ambiguous: then it must say so (400).
      const unique = new Set(history.filter((c) => c.updated_at === newest.updated_at).map((c) => c.cursor_base64)).size === 1;
      const again = await h.request('PUT', '/jobs/copy/checkpoints', { from_history: newest.updated_at });
      assert.equal(again.status, unique ? 200 : 400, JSON.stringify(again.body));
      assert.equal((await h.request('PUT', '/jobs/copy/checkpoints', { cursor_base64: newest.cursor_base64 })).status, 200);
      assert.equal((await h.request('PUT', '/jobs/copy/checkpoints', { cursor: 3 })).status, 200);
      assert.equal((await h.request('POST', '/jobs/copy/restart')).status, 200);
      await eventually(() => world.written.get('out')?.length === 9, 5000, 'the event after position 3');

      assert.equal((await h.request('POST', '/jobs/copy/stop')).status, 200);
      assert.equal((await h.request('DELETE', '/jobs/copy/checkpoints')).status, 200);
      assert.deepEqual((await h.request('GET', '/jobs/copy/checkpoints')).body, []);
      assert.equal((await h.request('POST', '/jobs/copy/restart')).status, 200);
      await eventually(() => world.written.get('out')?.length === 14, 5000, 'everything again from the start');
      assert.deepEqual(world.openedAt, [undefined, 1, 3, undefined]);

      assert.equal((await h.request('POST', '/jobs/copy/stop')).status, 200);
      for (const [body, status] of [
        [{}, 400],
        [{ cursor: 1, cursor_base64: 'AQ==' }, 400],
        [{ cursor_base64: 'not base64!' }, 400],
        [{ cursor: { raw_base64: 'AQ==', raw_bytes: 1 } }, 400],
        [{ from_history: '1999-01-01T00:00:00.000Z' }, 404],
      ] as const) {
        const res = await h.request('PUT', '/jobs/copy/checkpoints', body);
        assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
        assert.ok(res.body.message && res.body.code);
      }
      assert.equal((await h.request('DELETE', '/jobs/ghost/checkpoints')).status, 404);
    });
  });

  it('keeps events in flight within the budget when the sink is slow', async () => {
    const world = createWorld();
    world.topics.set('in', payloads(60));
    world.writeDelayMs = 10;
    await withHost(world, [connector({ batch: { size: 5, max_wait_ms: 10 }, max_in_flight: 10 })], async (h) => {
      // The metrics show the backlog and its budget while the sink is behind.
      const seen = await eventually(async () => {
        const m = (await h.request('GET', '/jobs/copy/metrics')).body as { events_in_flight: number; max_in_flight: number };
        return m.events_in_flight > 0 ? m : undefined;
      }, 5000, 'events in flight while the sink is slow');
      assert.equal(seen.max_in_flight, 10);
      assert.ok(seen.events_in_flight <= 10, `events_in_flight ${seen.events_in_flight} within the budget`);
      await eventually(() => world.written.get('out')?.length === 60, 10_000, 'all written');
      const after = (await h.request('GET', '/jobs/copy/metrics')).body as { events_in_flight: number };
      await eventually(async () => ((await h.request('GET', '/jobs/copy/metrics')).body as { events_in_flight: number }).events_in_flight === 0, 2000, `nothing in flight once all is written (was ${after.events_in_flight})`);
      // Budget 10 plus the batch the reader holds while waiting for room.
      assert.ok(world.maxUnacked <= 15, `max unacked ${world.maxUnacked}`);
    });
  });

  it('shows trouble a source reports through context.health as retrying, and clears it when recovered', async () => {
    const world = createWorld();
    world.topics.set('in', payloads(3));
    await withHost(world, [connector()], async (h) => {
      await eventually(() => world.written.get('out')?.length === 3, 5000, 'copied');
      const health = world.sourceHealth.get('in');
      assert.ok(health, 'the host gives connectors a health channel');
      health.degraded('the broker at 127.0.0.1:1 refuses connections; the client reconnects');
      const shown = await eventually(async () => {
        const job = (await h.request('GET', '/jobs/copy')).body as { state: string; error?: { code: string; message: string; retrying?: boolean } };
        return job.error ? job : undefined;
      }, 3000, 'the job shows the trouble');
      assert.equal(shown.state, 'running');
      assert.deepEqual({ ...shown.error, at: undefined }, { code: 'MS_ERR_CONNECTION', message: 'source: the broker at 127.0.0.1:1 refuses connections; the client reconnects', retrying: true, at: undefined });
      assert.equal(((await h.request('GET', '/health')).body as { retrying_jobs: number }).retrying_jobs, 1);
      health.recovered();
      await eventually(async () => !((await h.request('GET', '/jobs/copy')).body as { error?: unknown }).error, 3000, 'the trouble is gone once recovered');
    });
  });

  it('retries a source that is down at start and runs once it comes up', async () => {
    const world = createWorld();
    world.topics.set('in', payloads(3));
    world.failOpens = 3;
    await withHost(world, [connector()], async () => {
      await eventually(() => world.written.get('out')?.length === 3, 5000, 'events after recovery');
    });
  });

  it('flushes a partial batch after max_wait_ms', async () => {
    const world = createWorld();
    world.topics.set('in', payloads(3));
    await withHost(world, [connector({ batch: { size: 1000, max_wait_ms: 100 } })], async () => {
      await eventually(() => world.written.get('out')?.length === 3, 3000, 'partial batch flushed');
    });
  });
});
