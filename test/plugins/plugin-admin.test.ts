import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import datagenPlugin from '../../plugins/datagen/src/index.js';
import filePlugin from '../../plugins/file/src/index.js';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import { writePluginFolder } from './plugin-fixtures.js';

const TOKEN = 'plugin-admin-test-token';
const auth = { authorization: `Bearer ${TOKEN}` };

async function lineCount(file: string): Promise<number> {
  return (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
}

describe('plugin administration from folders and tarballs (no registry)', () => {
  let root: string;
  let h: TestHost;
  let out: string;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'mstream-plugin-admin-'));
    out = path.join(root, 'out');
    // A plugin that throws while being imported sits in the plugin path from the start.
    const broken = await writePluginFolder(path.join(root, 'path'), { id: 'broken-at-start', bare: true, atImport: "throw new Error('boom while importing');" });
    h = await startTestHost({
      apiToken: TOKEN,
      // The plugin folders, tarballs and the output folder all live under root.
      filesRoot: root,
      pluginPath: [path.dirname(broken)],
      plugins: [datagenPlugin, filePlugin],
      config: {
        services: [{ provider: 'datagen', name: 'gen' }, { provider: 'file', name: 'files', path: out }],
        connectors: [{
          name: 'steady', source: { service_name: 'gen', resource: 'users', output_encoding: 'json', options: { rate: 200 } },
          sinks: [{ service_name: 'files', resource: 'steady.jsonl', output_encoding: 'json' }],
        }],
      },
    });
  });
  after(async () => {
    await h?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('reports a plugin that throws at load in GET /plugins while the host keeps serving', async () => {
    const { body } = await h.request('GET', '/plugins', undefined, auth);
    const broken = body.find((p: { package?: string }) => p.package === 'mstream-plugin-broken-at-start');
    assert.equal(broken?.status, 'failed');
    assert.match(broken.error.message, /boom while importing/);
    assert.equal((await h.request('GET', '/health')).status, 200);
  });

  it('refuses installs over the API without the token', async () => {
    const dir = await writePluginFolder(root, { id: 'needs-token' });
    const res = await h.request('POST', '/plugins', { spec: dir });
    assert.equal(res.status, 401);
  });

  it('refuses a package built for another SDK, naming both versions, and leaves nothing installed', async () => {
    const dir = await writePluginFolder(root, { id: 'future-sdk', sdk: '^9.0.0', peer: '^9.0.0' });
    const res = await h.request('POST', '/plugins', { spec: dir }, auth);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.code, 'MS_ERR_PLUGIN_VERSION_MISMATCH');
    assert.match(res.body.message, /requires SDK \^9\.0\.0 but this host provides SDK 0\.1\.0/);
    const folder = JSON.parse(await readFile(path.join(h.dataDir, 'plugins', 'package.json'), 'utf8'));
    assert.equal(folder.dependencies['mstream-plugin-future-sdk'], undefined);
    const { body } = await h.request('GET', '/plugins', undefined, auth);
    assert.ok(!body.some((p: { id: string }) => p.id === 'future-sdk'));
  });

  it('refuses a plugin object whose SDK range excludes the host even when the manifest claims otherwise', async () => {
    const dir = await writePluginFolder(root, { id: 'lying-manifest', sdk: '>=2.0.0', peer: '^0.1.0' });
    const res = await h.request('POST', '/plugins', { spec: dir }, auth);
    assert.equal(res.status, 400);
    assert.match(res.body.message, /requires SDK >=2\.0\.0 but this host provides SDK 0\.1\.0/);
  });

  it('refuses a package without the SDK peer dependency, and one that throws at import, keeping the host up', async () => {
    const noPeer = await writePluginFolder(root, { id: 'no-peer', peer: null });
    const a = await h.request('POST', '/plugins', { spec: noPeer }, auth);
    assert.equal(a.status, 400);
    assert.match(a.body.message, /must declare "@mstream\/sdk" in peerDependencies/);
    const throwing = await writePluginFolder(root, { id: 'throws-at-import', atImport: "throw new Error('kaboom at import');" });
    const b = await h.request('POST', '/plugins', { spec: throwing }, auth);
    assert.equal(b.status, 400);
    assert.equal(b.body.code, 'MS_ERR_PLUGIN_INVALID');
    assert.match(b.body.message, /kaboom at import/);
    assert.equal((await h.request('GET', '/health')).status, 200);
    assert.equal((await h.request('GET', '/jobs/steady', undefined, auth)).body.state, 'running');
  });

  it('installs a folder without a restart, runs a job with it, refuses removal while it runs, then removes it', async () => {
    const dir = await writePluginFolder(root, { id: 'lines' });
    const added = await h.request('POST', '/plugins', { spec: dir }, auth);
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.id, 'lines');
    assert.equal(added.body.sdk, '^0.1.0');
    assert.deepEqual(added.body.provides, ['service:lines', 'sink:lines']);
    const listed = (await h.request('GET', '/plugins', undefined, auth)).body.find((p: { id: string }) => p.id === 'lines');
    assert.equal(listed.removable, true);
    assert.equal(listed.status, 'loaded');

    assert.equal((await h.request('POST', '/services', { provider: 'lines', name: 'lines-out', folder: out }, auth)).status, 201);
    const job = await h.request('POST', '/jobs', {
      name: 'to-lines', source: { service_name: 'gen', resource: 'users', output_encoding: 'json', options: { rate: 100 } },
      sinks: [{ service_name: 'lines-out', resource: 'lines.jsonl', output_encoding: 'json' }],
    }, auth);
    assert.equal(job.status, 201, JSON.stringify(job.body));
    await eventually(async () => (await lineCount(path.join(out, 'lines.jsonl'))) >= 5, 10_000, 'lines written by the installed plugin');
    const record = (await h.request('GET', '/jobs/to-lines', undefined, auth)).body;
    assert.equal(record.plugin_versions.lines, '1.0.0');

    const refused = await h.request('DELETE', '/plugins/lines', undefined, auth);
    assert.equal(refused.status, 409);
    assert.match(refused.body.message, /running job "to-lines"/);

    assert.equal((await h.request('DELETE', '/jobs/to-lines', undefined, auth)).status, 200);
    const removed = await h.request('DELETE', '/plugins/lines', undefined, auth);
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    const after = await h.request('GET', '/plugins', undefined, auth);
    assert.ok(!after.body.some((p: { id: string }) => p.id === 'lines'));
    const providers = (await h.request('GET', '/providers', undefined, auth)).body;
    assert.ok(!providers.some((p: { provider: string }) => p.provider === 'lines'));
    const folder = JSON.parse(await readFile(path.join(h.dataDir, 'plugins', 'package.json'), 'utf8'));
    assert.equal(folder.dependencies['mstream-plugin-lines'], undefined);
    assert.equal((await h.request('DELETE', '/plugins/file', undefined, auth)).status, 409, 'built-in plugins are not removable');
  });

  it('upgrades an installed plugin in place, and a plugin that throws at run time fails only its own job', async () => {
    const v1 = await writePluginFolder(root, { id: 'bomb', version: '1.0.0' });
    assert.equal((await h.request('POST', '/plugins', { spec: v1 }, auth)).status, 201);
    const v2 = await writePluginFolder(root, { id: 'bomb', version: '2.0.0', write: "throw new TypeError('bomb went off in write');" });
    const upgraded = await h.request('POST', '/plugins', { spec: v2 }, auth);
    assert.equal(upgraded.status, 201, JSON.stringify(upgraded.body));
    assert.equal(upgraded.body.version, '2.0.0');
    assert.equal(upgraded.body.replaced_version, '1.0.0');

    assert.equal((await h.request('POST', '/services', { provider: 'bomb', name: 'bomb-out', folder: out }, auth)).status, 201);
    const before = await lineCount(path.join(out, 'steady.jsonl'));
    await h.request('POST', '/jobs', {
      name: 'explodes', source: { service_name: 'gen', resource: 'users', output_encoding: 'json', options: { rate: 50 } },
      sinks: [{ service_name: 'bomb-out', resource: 'x.jsonl', output_encoding: 'json' }],
    }, auth);
    const failed = await eventually(async () => {
      const job = (await h.request('GET', '/jobs/explodes', undefined, auth)).body;
      return job.state === 'failed' ? job : undefined;
    }, 10_000, 'the exploding job to fail');
    assert.match(failed.error.message, /bomb went off in write/);
    assert.equal(failed.plugin_versions.bomb, '2.0.0');
    // The other job kept going: its file grows after the failure.
    await eventually(async () => (await lineCount(path.join(out, 'steady.jsonl'))) > before + 20, 10_000, 'the steady job to keep writing');
    assert.equal((await h.request('GET', '/jobs/steady', undefined, auth)).body.state, 'running');
  });
});
