import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { definePlugin, isMstreamPlugin, SDK_VERSION } from '@mstream/sdk';

describe('definePlugin', () => {
  it('brands the plugin so any SDK copy recognises it', () => {
    const plugin = definePlugin({ id: 'demo-plugin', version: '1.0.0', sdk: `^${SDK_VERSION}`, register() {} });
    assert.equal(isMstreamPlugin(plugin), true);
    assert.equal(plugin.apiVersion, 1);
  });
  it('rejects an id that is not kebab-case', () => {
    assert.throws(() => definePlugin({ id: 'Bad_Id', version: '1.0.0', sdk: '*', register() {} }), /kebab-case/);
  });
});
