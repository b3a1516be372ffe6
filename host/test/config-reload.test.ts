import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createWorld, scriptedPlugin } from './fixtures/scripted-plugin.js';
import { eventually, startTestHost } from './test-host.js';

const payloads = (n: number, from = 0) => Array.from({ length: n }, (_, i) => JSON.stringify({ id: from + i }));

/** A config file with the scripted services and one connector per [name, from, to, batch size]. */
function toml(connectors: Array<[string, string, string, number]>, serviceLabel = 'v1', extra = ''): string {
  const services = `[[services]]\nprovider = "scripted"\nname = "src"\nlabel = "${serviceLabel}"\n\n[[services]]\nprovider = "scripted"\nname = "dst"\n`;
  const jobs = connectors.map(([name, from, to, size]) =>
    [
      '[[connectors]]',
      `name = "${name}"`,
      `source = { service_name = "src", resource = "${from}", output_encoding = "json" }`,
      `sinks = [{ service_name = "dst", resource = "${to}", output_encoding = "json" }]`,
      `batch = { kind = "count", size = ${size}, max_wait_ms = 20 }`,
      'checkpoint = { enabled = true, interval_ms = 0 }',
    ].join('\n'),
  );
  return [services, ...jobs, extra].join('\n\n');
}

/** Writes like an editor that saves to a temp file and renames it over the original. */
async function save(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

describe('config file reload (--watch)', () => {
  it('starts added connectors, restarts changed ones where they left off, stops removed ones, and ignores an invalid edit', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-reload-'));
    const file = path.join(dir, 'mstream-config.toml');
    const world = createWorld();
    world.topics.set('a-in', payloads(30));
    world.topics.set('b-in', payloads(10, 100));
    await writeFile(file, toml([['a', 'a-in', 'a-out', 5]]));
    const h = await startTestHost({ plugins: [scriptedPlugin(world)], configFile: file, watchConfig: true });
    const job = async (name: string) => (await h.request('GET', `/jobs/${name}`)).body as { state: string; desired_state: string; pipeline: { batch: { size: number } } };
    try {
      await eventually(() => world.written.get('a-out')?.length === 30, 5000, 'a copied its first 30 events');

      // Edit 1: a's batch size changes, b is added.
      await save(file, toml([['a', 'a-in', 'a-out', 7], ['b', 'b-in', 'b-out', 5]]));
      await eventually(async () => (await job('a')).pipeline.batch.size === 7, 5000, 'a runs with the new batch size');
      await eventually(() => world.written.get('b-out')?.length === 10, 5000, 'b started and copied its events');
      assert.equal((await job('a')).state, 'running');
      // Restarted under the same name: a resumes from its checkpoint, nothing is copied twice.
      world.topics.get('a-in')!.push(...payloads(5, 30));
      await eventually(() => world.written.get('a-out')?.length === 35, 5000, 'a copied the 5 new events');
      assert.deepEqual(world.written.get('a-out'), payloads(35));

      // Edit 2: invalid (unknown service, bad batch kind). Nothing changes; every problem is logged.
      await save(file, toml([['a', 'a-in', 'a-out', 7], ['b', 'b-in', 'b-out', 5]]).replace('service_name = "dst", resource = "b-out"', 'service_name = "nowhere", resource = "b-out"').replace('kind = "count", size = 7', 'kind = "sometimes", size = 7'));
      const rejected = await eventually(() => h.host.logs.query({ limit: 1000 }).find((entry) => /not valid; still running the previous one/.test(entry.message)), 5000, 'the rejection is logged');
      const logged = JSON.stringify(rejected);
      assert.match(logged, /nowhere/, 'the unknown service is named');
      assert.match(logged, /sometimes|kind/, 'the bad batch kind is named');
      assert.equal((await job('a')).state, 'running');
      assert.equal((await job('b')).state, 'running');

      // Edit 3: b is removed from the file (stopped, kept), and the src service changes (a restarts with it).
      await save(file, toml([['a', 'a-in', 'a-out', 7]], 'v2'));
      // The stop is recorded first (desired_state), then the job halts (state).
      await eventually(async () => {
        const b = await job('b');
        return b.desired_state === 'stopped' && b.state === 'stopped';
      }, 5000, 'b stopped');
      await eventually(async () => (await h.request('GET', '/services/src')).body.label === 'v2', 5000, 'the service holds its new config');
      await eventually(async () => (await job('a')).state === 'running', 5000, 'a runs again after its service changed');
      world.topics.get('a-in')!.push(...payloads(5, 35));
      await eventually(() => world.written.get('a-out')?.length === 40, 5000, 'a keeps copying after the service change');
      assert.deepEqual(world.written.get('a-out'), payloads(40));

      // A job created through the API is not the file's: reloads leave it alone.
      world.topics.set('c-in', payloads(3, 200));
      const created = await h.request('POST', '/jobs', { name: 'c', source: { service_name: 'src', resource: 'c-in', output_encoding: 'json' }, sinks: [{ service_name: 'dst', resource: 'c-out', output_encoding: 'json' }] });
      assert.equal(created.status, 201);
      const outcome = await h.host.reloadConfig();
      assert.deepEqual(outcome, { unchanged: true });
      assert.equal((await job('c')).state, 'running');
    } finally {
      await h.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
