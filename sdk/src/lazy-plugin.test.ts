import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defineLazyPlugin, definePlugin, isMstreamLazyPlugin, isMstreamPlugin, loadLazyPlugin, SDK_VERSION, type PluginImplementation } from '@mstream/sdk';

const implementation: PluginImplementation = {
  register(points) {
    points.service({ provider: 'demo', configSchema: { type: 'object' }, connect: () => ({}) });
    points.sink({ provider: 'demo', create: () => ({ write: async () => {}, close: async () => {} }) });
  },
};
const spec = { id: 'demo-lazy', version: '1.2.3', sdk: `^${SDK_VERSION}`, provides: ['service:demo', 'sink:demo'] };

describe('defineLazyPlugin', () => {
  it('brands a declaration that is not an eager plugin, and loads nothing until asked', async () => {
    let loads = 0;
    const lazy = defineLazyPlugin({ ...spec, load: async () => (loads++, implementation) });
    assert.equal(isMstreamLazyPlugin(lazy), true);
    assert.equal(isMstreamPlugin(lazy), false);
    assert.equal(lazy.apiVersion, 1);
    assert.equal(loads, 0);
    const plugin = await loadLazyPlugin(lazy);
    assert.equal(loads, 1);
    assert.equal(isMstreamPlugin(plugin), true);
    assert.deepEqual([plugin.id, plugin.version, plugin.sdk], ['demo-lazy', '1.2.3', `^${SDK_VERSION}`]);
  });

  it('rejects a bad id or a provides entry that is not kind:provider, at definition', () => {
    assert.throws(() => defineLazyPlugin({ ...spec, id: 'Bad_Id', load: async () => implementation }), /kebab-case/);
    assert.throws(() => defineLazyPlugin({ ...spec, provides: ['sevice:demo'], load: async () => implementation }), /must be "<kind>:<provider>"/);
    assert.throws(() => defineLazyPlugin({ ...spec, provides: ['service'], load: async () => implementation }), /must be "<kind>:<provider>"/);
  });

  it('refuses an implementation that registers other providers than declared, or is another plugin', async () => {
    await assert.rejects(loadLazyPlugin(defineLazyPlugin({ ...spec, provides: ['service:demo'], load: async () => implementation })), /registered but not declared: sink:demo/);
    await assert.rejects(loadLazyPlugin(defineLazyPlugin({ ...spec, provides: [...spec.provides, 'source:demo'], load: async () => implementation })), /declared but not registered: source:demo/);
    const other = definePlugin({ id: 'someone-else', version: '1.2.3', sdk: spec.sdk, register: implementation.register });
    await assert.rejects(loadLazyPlugin(defineLazyPlugin({ ...spec, load: async () => other })), /resolved to plugin "someone-else@1.2.3"/);
    await assert.rejects(loadLazyPlugin(defineLazyPlugin({ ...spec, load: async () => ({}) as PluginImplementation })), /must resolve to an object with register/);
  });
});
