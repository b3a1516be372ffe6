import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestHost, type TestHost } from './test-host.js';

// Plugins written as plain JS without importing the SDK: the host recognises the brand, not a
// class, so a plugin with its own (or no) copy of the SDK still loads.
const plugin = (id: string, sdk: string, registerBody = '') => `
export default {
  $$type: '@mstream/Plugin', apiVersion: 1, id: '${id}', version: '2.0.0', sdk: '${sdk}',
  register(r) {
    ${registerBody}
    r.service({ provider: '${id}', configSchema: { type: 'object' }, connect: () => ({}) });
  },
};`;

async function writePlugin(root: string, dir: string, source: string, manifest: Record<string, unknown> = {}) {
  const folder = path.join(root, dir);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'package.json'), JSON.stringify({ name: dir, version: '2.0.0', type: 'module', main: 'index.js', mstream: { apiVersion: 1, role: 'connector-plugin', provides: [], ...manifest } }));
  await writeFile(path.join(folder, 'index.js'), source);
}

describe('plugin discovery', () => {
  let root: string;
  let h: TestHost;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'mstream-plugins-'));
    await writePlugin(root, 'good-one', plugin('good-one', '^0.1.0'));
    await writePlugin(root, 'future-sdk', plugin('future-sdk', '^9.0.0'));
    await writePlugin(root, 'throws-in-register', plugin('throws-in-register', '^0.1.0', "throw new Error('boom at register');"));
    await writePlugin(root, 'broken-import', 'export default {; syntax error');
    await writePlugin(root, 'not-a-plugin', 'export default { hello: 1 };');
    await mkdir(path.join(root, 'no-manifest'), { recursive: true });
    await writeFile(path.join(root, 'no-manifest', 'package.json'), '{"name":"no-manifest"}');
    h = await startTestHost({ pluginPath: [root], config: {} });
  });
  after(async () => {
    await h.close();
    await rm(root, { recursive: true, force: true });
  });

  it('loads a plugin from MSTREAM_PLUGIN_PATH and reports each broken one with its reason, host still up', async () => {
    const res = await h.request('GET', '/plugins');
    const byId = Object.fromEntries(res.body.map((p: { id: string }) => [p.id, p]));
    assert.equal(byId['good-one'].status, 'loaded');
    assert.deepEqual(byId['good-one'].provides, ['service:good-one']);
    assert.equal(byId['good-one'].origin, 'plugin-path');
    assert.equal(byId['future-sdk'].status, 'failed');
    assert.equal(byId['future-sdk'].error.code, 'MS_ERR_PLUGIN_VERSION_MISMATCH');
    assert.match(byId['future-sdk'].error.message, /requires SDK \^9\.0\.0 but this host provides SDK 0\.1\.0/);
    assert.match(byId['throws-in-register'].error.message, /boom at register/);
    assert.match(byId['broken-import'].error.message, /cannot import/);
    assert.match(byId['not-a-plugin'].error.message, /not a plugin made with definePlugin/);
    assert.equal(byId['no-manifest'], undefined);
    assert.equal((await h.request('GET', '/health')).status, 200);
  });

  it('makes a discovered plugin usable as a service provider', async () => {
    const res = await h.request('POST', '/services', { provider: 'good-one', name: 'g' });
    assert.equal(res.status, 201);
  });
});
