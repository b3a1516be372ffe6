import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { definePlugin, type SystemCollection } from '@mstream/sdk';
import { Host } from '../../src/host.js';
import { createWorld, scriptedPlugin } from '../fixtures/scripted-plugin.js';
import { eventually } from '../test-host.js';
import { rawRequest } from '../security/raw-request.js';

const job = (name: string) => ({
  name,
  source: { service_name: 'src', resource: 'in', output_encoding: 'json' },
  sinks: [{ service_name: 'dst', resource: 'out', output_encoding: 'json' }],
  batch: { kind: 'count', size: 1, max_wait_ms: 10 },
});

/**
 * A plugin that can hold system state in memory, whose service connects only when the test opens
 * the gate (a slow start, held open) and whose health check fails while `reachable` is false.
 */
function gatedPlugin() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const state = { reachable: true };
  const records = new Map<string, Record<string, unknown>>();
  const matches = (r: Record<string, unknown>, where: Record<string, unknown> = {}) => Object.entries(where).every(([k, v]) => r[k] === v);
  const collection: SystemCollection = {
    list: async (where) => [...records.values()].filter((r) => matches(r, where)),
    get: async (key) => records.get(key),
    put: async (key, value) => void records.set(key, value),
    putMany: async (entries) => entries.forEach(([k, v]) => records.set(k, v)),
    delete: async (key) => records.delete(key),
    deleteWhere: async (where) => [...records].filter(([, r]) => matches(r, where)).map(([k]) => records.delete(k)).length,
  };
  const plugin = definePlugin({
    id: 'gated', version: '1.0.0', sdk: '^0.1.0',
    register(r) {
      r.service({
        provider: 'gated', displayName: 'gated', configSchema: { type: 'object' },
        connect: async () => gate.then(() => ({})),
        check: async () => {
          if (!state.reachable) throw new Error('connection refused by the test');
        },
      });
      r.systemStore({ provider: 'gated', create: () => collection });
    },
  });
  return { plugin, open: () => open(), state };
}

async function status(url: string, route: string, init?: RequestInit) {
  const res = await fetch(url + route, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('readiness', () => {
  it('/ready is 503 while the host starts and 200 once its startup jobs run; /health is alive throughout', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-ready-'));
    const world = createWorld();
    world.topics.set('in', ['{"a":1}']);
    world.failOpens = 0;
    const gated = gatedPlugin();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const host = new Host({
      port, dataDir, logStdout: false, discover: false, plugins: [scriptedPlugin(world), gated.plugin],
      config: {
        system: { test_suites: { service_name: 'slow' } },
        services: [{ provider: 'scripted', name: 'src' }, { provider: 'scripted', name: 'dst' }, { provider: 'gated', name: 'slow' }],
        connectors: [job('j')],
      },
    });
    const started = host.start();
    try {
      const url = `http://127.0.0.1:${port}`;
      const starting = await eventually(() => status(url, '/ready').catch(() => undefined), 10_000, 'the port to open');
      // The system store's service has not connected: the host is still starting.
      assert.equal(starting.status, 503);
      assert.equal(starting.body.phase, 'starting');
      assert.match(String(starting.body.reason), /starting/);
      const health = await status(url, '/health');
      assert.equal(health.status, 200);
      assert.equal(health.body.status, 'starting');
      assert.equal((await status(url, '/jobs')).status, 503);
      assert.equal((await rawRequest(url, 'GET', '/health', { host: 'evil.example' })).status, 403, 'the rebinding guard holds while starting');
      gated.open();
      await started;
      const ready = await status(url, '/ready');
      assert.deepEqual([ready.status, ready.body.status], [200, 'ready']);
      assert.equal((await status(url, '/health')).body.status, 'healthy');
      gated.state.reachable = false;
      const cutOff = await status(url, '/ready');
      assert.equal(cutOff.status, 503);
      assert.match(String(cutOff.body.reason), /system store is unreachable: connection refused by the test/);
      gated.state.reachable = true;
      assert.equal((await status(url, '/ready')).status, 200);
    } finally {
      gated.open();
      await started.catch(() => undefined);
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('/ready is 503 and changes are refused while the host drains after a stop, and the in-flight batch still lands', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-drain-'));
    const world = createWorld();
    world.topics.set('in', Array.from({ length: 20 }, (_, i) => JSON.stringify({ i })));
    const host = new Host({
      port: 0, dataDir, logStdout: false, discover: false, plugins: [scriptedPlugin(world)],
      config: { services: [{ provider: 'scripted', name: 'src' }, { provider: 'scripted', name: 'dst' }], connectors: [job('j')] },
    });
    const url = await host.start();
    try {
      await eventually(() => (world.written.get('out')?.length ?? 0) >= 2, 10_000, 'the job to write');
      world.writeDelayMs = 1500;
      world.topics.get('in')!.push(...Array.from({ length: 5 }, (_, i) => JSON.stringify({ late: i })));
      await new Promise((r) => setTimeout(r, 200)); // the late events are read: their write is in flight
      const writtenBefore = world.written.get('out')!.length;
      const stopping = host.stop();
      const draining = await status(url, '/ready');
      assert.equal(draining.status, 503);
      assert.equal(draining.body.phase, 'draining');
      const refused = await status(url, '/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(job('k')) });
      assert.equal(refused.status, 503);
      assert.equal(refused.body.code, 'MS_ERR_UNAVAILABLE');
      await stopping;
      assert.ok(world.written.get('out')!.length > writtenBefore, 'the batch in flight at the stop was delivered');
      const acked = world.acked.get('in') ?? [];
      assert.equal(Math.max(...acked), world.written.get('out')!.length - 1, 'and acknowledged: nothing written is left unacked');
    } finally {
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
