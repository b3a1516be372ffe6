import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, scriptedPlugin, type ScriptedWorld } from './fixtures/scripted-plugin.js';
import { eventually, startTestHost, type TestHost } from './test-host.js';

// A json → json job passes bytes through without parsing them; these prove the validity scan on
// that path (issue 16, item 3) and the switch that turns it off.

const SERVICES = [
  { provider: 'scripted', name: 'src' },
  { provider: 'scripted', name: 'dst' },
];

function connector(source: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    name: 'copy',
    source: { service_name: 'src', resource: 'in', output_encoding: 'json', ...source },
    sinks: [{ service_name: 'dst', resource: 'out', output_encoding: 'json' }],
    batch: { size: 10, max_wait_ms: 20 },
    ...extra,
  };
}

async function withHost(world: ScriptedWorld, job: unknown, test: (h: TestHost) => Promise<void>) {
  const h = await startTestHost({ plugins: [scriptedPlugin(world)], config: { services: SERVICES, connectors: [job] } });
  try {
    await test(h);
  } finally {
    await h.close();
  }
}

const MIXED = ['{"id":0}', '{"id":1,"name":}', '{"id":2}', 'plain text', '{"id":4}', '[1,2', '{"id":6}'];
const GOOD = ['{"id":0}', '{"id":2}', '{"id":4}', '{"id":6}'];

describe('JSON validity of json → json steps', () => {
  it('sends invalid JSON to the dead-letter store with the byte of the error, writes the rest, keeps running', async () => {
    const world = createWorld();
    world.topics.set('in', MIXED);
    await withHost(world, connector(), async (h) => {
      await eventually(() => world.written.get('out')?.length === 4, 5000, 'valid events written');
      assert.deepEqual(world.written.get('out'), GOOD);
      const dl = await eventually(async () => {
        const res = await h.request('GET', '/jobs/copy/dead-letters');
        return res.body.total === 3 ? res.body : undefined;
      }, 5000, 'three dead letters');
      const byPayload = new Map<string, { stage: string; code: string; reason: string }>(
        dl.items.map((item: { payload: string }) => [Buffer.from(item.payload, 'base64').toString(), item]),
      );
      assert.deepEqual([...byPayload.keys()].sort(), ['[1,2', 'plain text', '{"id":1,"name":}']);
      for (const entry of byPayload.values()) {
        assert.equal(entry.stage, 'source');
        assert.equal(entry.code, 'MS_ERR_DATA');
      }
      assert.equal(byPayload.get('{"id":1,"name":}')!.reason, "payload is not valid JSON: expected a value at byte 15, found '}'");
      assert.equal(byPayload.get('plain text')!.reason, "payload is not valid JSON: expected a value at byte 0, found 'p'");
      assert.equal(byPayload.get('[1,2')!.reason, "payload is not valid JSON: expected ',' or ']' at byte 4, found the end of the payload");
      assert.equal((await h.request('GET', '/jobs/copy')).body.state, 'running');
      await eventually(() => world.acked.get('in')?.length === MIXED.length, 2000, 'every event acked, dead letters included');
    });
  });

  it('passes the bytes through unchecked when the source says validate_json = false', async () => {
    const world = createWorld();
    world.topics.set('in', MIXED);
    await withHost(world, connector({ validate_json: false }), async (h) => {
      await eventually(() => world.written.get('out')?.length === MIXED.length, 5000, 'every event written');
      assert.deepEqual(world.written.get('out'), MIXED);
      assert.equal((await h.request('GET', '/jobs/copy/dead-letters')).body.total, 0);
    });
  });

  it('checks what a middleware hands on, at that middleware\'s stage', async () => {
    const world = createWorld();
    world.topics.set('in', MIXED);
    const job = connector({ validate_json: false }, { middlewares: [{ service_name: 'src', resource: 'x', output_encoding: 'json' }] });
    await withHost(world, job, async (h) => {
      await eventually(() => world.written.get('out')?.length === 4, 5000, 'valid events written');
      assert.deepEqual(world.written.get('out'), GOOD);
      const dl = await eventually(async () => {
        const res = await h.request('GET', '/jobs/copy/dead-letters');
        return res.body.total === 3 ? res.body : undefined;
      }, 5000, 'three dead letters');
      assert.deepEqual(new Set(dl.items.map((i: { stage: string }) => i.stage)), new Set(['middlewares[0]']));
    });
  });

  it('refuses validate_json where nothing passes through as JSON, or on a sink, with every problem at once', async () => {
    const world = createWorld();
    const job = {
      ...connector({ output_encoding: 'bson', validate_json: false }),
      sinks: [{ service_name: 'dst', resource: 'out', output_encoding: 'json', validate_json: true }],
      middlewares: [{ service_name: 'src', resource: 'x', output_encoding: 'json', validate_json: 'no' }],
    };
    await assert.rejects(
      startTestHost({ plugins: [scriptedPlugin(world)], config: { services: SERVICES, connectors: [job] } }),
      (error: { details: { issues: Array<{ path: string; message: string }> } }) => {
        assert.deepEqual(error.details.issues.map((i) => i.path).sort(), [
          'connectors[0].middlewares[0].validate_json',
          'connectors[0].sinks[0].validate_json',
          'connectors[0].source.validate_json',
        ]);
        return true;
      },
    );
  });
});
