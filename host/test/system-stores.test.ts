import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createWorld, scriptedPlugin } from './fixtures/scripted-plugin.js';
import { memorySystemPlugin, type MemoryBackend } from './fixtures/memory-system-plugin.js';
import { eventually, startTestHost } from './test-host.js';

describe('service-backed system stores', () => {
  it('keeps jobs, encrypted services, checkpoints and dead letters on the system service across restarts', async () => {
    const backend: MemoryBackend = new Map();
    const world = createWorld();
    world.topics.set('in', ['{"id":1}', '{"reject":true}', '{"id":3}']);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-sys-'));
    const config = {
      system: {
        job_lifecycle: { service_name: 'sysdb', resource: 'jobs', startup_state: 'keep' },
        service_lifecycle: { service_name: 'sysdb', resource: 'services' },
        checkpoints: { service_name: 'sysdb', resource: 'checkpoints' },
        test_suites: { service_name: 'sysdb', resource: 'suites' },
      },
      services: [{ provider: 'memsys', name: 'sysdb', token: 'system-secret-token' }, { provider: 'scripted', name: 'src' }],
    };
    const plugins = [scriptedPlugin(world), memorySystemPlugin(backend)];
    const first = await startTestHost({ plugins, config, dataDir });
    try {
      const created = await first.request('POST', '/jobs', {
        name: 'copy',
        source: { service_name: 'src', resource: 'in', output_encoding: 'json' },
        sinks: [{ service_name: 'src', resource: 'out', output_encoding: 'json' }],
        checkpoint: { interval_ms: 0 },
      });
      assert.equal(created.status, 201);
      await eventually(() => world.written.get('out')?.length === 2);
      await eventually(async () => (await first.request('GET', '/jobs/copy/dead-letters')).body.total === 1);
      const services = await first.request('GET', '/services');
      assert.deepEqual(services.body.map((s: { name: string }) => s.name), ['src'], 'system service hidden');
      assert.equal((await first.request('DELETE', '/services/sysdb')).status, 409);
    } finally {
      await first.close();
    }
    assert.equal(backend.get('jobs')?.get('copy')?.name, 'copy');
    assert.ok(!JSON.stringify([...backend.get('services')!.values()]).includes('system-secret-token'), 'services sealed');
    assert.equal(backend.get('mstream_dead_letters')?.size, 1);

    const second = await startTestHost({ plugins, config, dataDir });
    try {
      await eventually(async () => (await second.request('GET', '/jobs/copy')).body.state === 'running');
      world.topics.get('in')!.push('{"id":4}');
      await eventually(() => world.written.get('out')?.length === 3, 5000, 'resumed after checkpoint');
      assert.deepEqual(world.written.get('out'), ['{"id":1}', '{"id":3}', '{"id":4}']);
      assert.equal((await second.request('GET', '/jobs/copy/dead-letters')).body.total, 1);
    } finally {
      await second.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
