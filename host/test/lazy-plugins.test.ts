import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestHost, type TestHost } from './test-host.js';

// Lazy plugins written as plain JS, as a third party would ship them: the entry declares, the
// implementation module counts its own evaluations on globalThis so a test sees when it loaded.
const lazyEntry = (id: string, provides: string[], impl = './impl.js') => `
export default {
  $$type: '@mstream/LazyPlugin', apiVersion: 1, id: '${id}', version: '1.0.0', sdk: '^0.1.0',
  provides: ${JSON.stringify(provides)},
  load: () => import('${impl}').then((m) => m.default),
};`;
const implementation = (id: string, register: string) => `
globalThis.__lazyLoads = globalThis.__lazyLoads ?? {};
globalThis.__lazyLoads['${id}'] = (globalThis.__lazyLoads['${id}'] ?? 0) + 1;
export default { register(r) { ${register} } };`;
const service = (provider: string) =>
  `r.service({ provider: '${provider}', configSchema: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'], additionalProperties: false }, connect: () => ({}) });`;
const loads = (id: string): number => ((globalThis as { __lazyLoads?: Record<string, number> }).__lazyLoads ?? {})[id] ?? 0;

async function writePlugin(root: string, id: string, entry: string, impl?: string) {
  const folder = path.join(root, id);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'package.json'), JSON.stringify({ name: id, version: '1.0.0', type: 'module', main: 'index.js', mstream: { apiVersion: 1, role: 'connector-plugin', provides: [] } }));
  await writeFile(path.join(folder, 'index.js'), entry);
  if (impl !== undefined) await writeFile(path.join(folder, 'impl.js'), impl);
}

async function pluginsById(h: TestHost): Promise<Record<string, any>> {
  const res = await h.request('GET', '/plugins');
  return Object.fromEntries(res.body.map((p: { id: string }) => [p.id, p]));
}

describe('lazy plugins (defineLazyPlugin)', () => {
  let root: string;
  let h: TestHost;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'mstream-lazy-'));
    await writePlugin(root, 'lazy-used', lazyEntry('lazy-used', ['service:lazy-used', 'sink:lazy-used']), implementation('lazy-used', `${service('lazy-used')} r.sink({ provider: 'lazy-used', create: () => ({ write: async () => {}, close: async () => {} }) });`));
    await writePlugin(root, 'lazy-listed', lazyEntry('lazy-listed', ['service:lazy-listed']), implementation('lazy-listed', service('lazy-listed')));
    await writePlugin(root, 'lazy-liar', lazyEntry('lazy-liar', ['service:lazy-liar', 'source:lazy-liar']), implementation('lazy-liar', service('lazy-liar')));
    await writePlugin(root, 'lazy-broken', lazyEntry('lazy-broken', ['service:lazy-broken'], './missing.js'));
    // Discovery goes in folder order: this one comes after lazy-used, so it is the one refused.
    await writePlugin(root, 'lazy-zclash', lazyEntry('lazy-zclash', ['service:lazy-used']), implementation('lazy-zclash', service('lazy-used')));
    h = await startTestHost({ pluginPath: [root], config: {} });
  });
  after(async () => {
    await h.close();
    await rm(root, { recursive: true, force: true });
  });

  it('lists a lazy plugin with its declared providers without importing its implementation', async () => {
    const byId = await pluginsById(h);
    assert.equal(byId['lazy-used'].status, 'loaded');
    assert.equal(byId['lazy-used'].deferred, true);
    assert.deepEqual(byId['lazy-used'].provides, ['service:lazy-used', 'sink:lazy-used']);
    assert.equal(loads('lazy-used'), 0);
  });

  it('refuses a lazy plugin declaring a provider another plugin already has, at discovery', async () => {
    const byId = await pluginsById(h);
    assert.equal(byId['lazy-zclash'].status, 'failed');
    assert.match(byId['lazy-zclash'].error.message, /already provided by plugin "lazy-used"/);
  });

  it('imports the implementation once, when a service of its provider is created, and validates with its schema', async () => {
    const missing = await h.request('POST', '/services', { provider: 'lazy-used', name: 'no-url' });
    assert.equal(missing.status, 400);
    assert.ok(missing.body.issues.some((i: { path: string }) => i.path === 'body.url'), JSON.stringify(missing.body));
    const created = await h.request('POST', '/services', { provider: 'lazy-used', name: 'with-url', url: 'x' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(loads('lazy-used'), 1);
    const byId = await pluginsById(h);
    assert.equal(byId['lazy-used'].deferred, undefined);
    assert.deepEqual(byId['lazy-used'].provides, ['service:lazy-used', 'sink:lazy-used']);
    assert.equal((await h.request('GET', '/services/with-url')).status, 200);
    assert.equal(loads('lazy-used'), 1);
  });

  it('fails a plugin whose implementation registers other providers than it declared, or cannot be imported, when first used', async () => {
    const liar = await h.request('POST', '/services', { provider: 'lazy-liar', name: 'l', url: 'x' });
    assert.equal(liar.status, 400);
    const broken = await h.request('POST', '/services', { provider: 'lazy-broken', name: 'b', url: 'x' });
    assert.equal(broken.status, 400);
    const byId = await pluginsById(h);
    assert.equal(byId['lazy-liar'].status, 'failed');
    assert.match(byId['lazy-liar'].error.message, /declared but not registered: source:lazy-liar/);
    assert.equal(byId['lazy-broken'].status, 'failed');
    assert.match(byId['lazy-broken'].error.message, /cannot load the implementation/);
    assert.equal((await h.request('GET', '/health')).status, 200);
  });

  it('loads every lazy plugin to list the providers with their schemas', async () => {
    assert.equal(loads('lazy-listed'), 0);
    const res = await h.request('GET', '/providers');
    assert.equal(res.status, 200);
    const listed = res.body.find((p: { provider: string }) => p.provider === 'lazy-listed');
    assert.deepEqual(listed.config_schema.required, ['url']);
    assert.equal(loads('lazy-listed'), 1);
  });
});

describe('lazy plugins named by the config file', () => {
  let root: string;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'mstream-lazy-config-'));
    await writePlugin(root, 'lazy-config', lazyEntry('lazy-config', ['service:lazy-config']), implementation('lazy-config', service('lazy-config')));
    await writePlugin(root, 'lazy-unnamed', lazyEntry('lazy-unnamed', ['service:lazy-unnamed']), implementation('lazy-unnamed', service('lazy-unnamed')));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('are loaded before the config is validated, so their schemas check it; the others stay unloaded', async () => {
    await assert.rejects(
      startTestHost({ pluginPath: [root], config: { services: [{ provider: 'lazy-config', name: 'a' }] } }),
      (error: { code?: string; details?: { issues?: Array<{ path: string }> } }) =>
        error.code === 'MS_ERR_CONFIG_INVALID' && (error.details?.issues ?? []).some((i) => i.path === 'services[0].url'),
    );
    const h = await startTestHost({ pluginPath: [root], config: { services: [{ provider: 'lazy-config', name: 'a', url: 'x' }] } });
    try {
      assert.equal(loads('lazy-config'), 1);
      assert.equal(loads('lazy-unnamed'), 0);
      assert.equal((await pluginsById(h))['lazy-unnamed'].deferred, true);
    } finally {
      await h.close();
    }
  });
});
