import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isMstreamError } from '@mstream/sdk';
import { ConfigValidator } from '@mstream/sdk/testing';

describe('ConfigValidator', () => {
  const schema = {
    type: 'object' as const,
    required: ['path'],
    additionalProperties: false,
    properties: {
      path: { type: 'string' as const, 'x-order': 1 },
      password: { type: 'string' as const, 'x-secret': true },
      nested: { type: 'object' as const, properties: { retries: { type: 'integer' as const, default: 3 } }, default: {} },
      tags: { type: 'array' as const, items: { type: 'string' as const } },
    },
  };

  it('accepts the x-secret, x-order and x-advanced annotations under strict mode', () => {
    assert.doesNotThrow(() => new ConfigValidator().compile({ ...schema, 'x-advanced': true }));
  });

  it('accepts x-path "file" and "folder" and rejects any other kind, as the host does', () => {
    assert.doesNotThrow(() => new ConfigValidator().compile({ type: 'object', properties: { a: { type: 'string', 'x-path': 'file' }, b: { type: 'string', 'x-path': 'folder' } } }));
    assert.throws(() => new ConfigValidator().compile({ type: 'object', properties: { a: { type: 'string', 'x-path': 'dir' as never } } }));
  });

  it('still rejects an unknown keyword such as a misspelt required', () => {
    assert.throws(() => new ConfigValidator().compile({ type: 'object', requried: ['x'] }), /requried/);
  });

  it('applies defaults to a copy and leaves the input untouched', () => {
    const input = { path: '/tmp' };
    const parsed = new ConfigValidator().parse(schema, input);
    assert.deepEqual(parsed, { path: '/tmp', nested: { retries: 3 } });
    assert.deepEqual(input, { path: '/tmp' });
  });

  it('reports every issue with a dotted path to the offending key', () => {
    const { issues } = new ConfigValidator().check(schema, { extra: 1, tags: ['a', 2] }, 'service');
    assert.deepEqual(issues.map((i) => i.path).sort(), ['service.extra', 'service.path', 'service.tags[1]']);
    assert.throws(
      () => new ConfigValidator().parse(schema, {}),
      (e) => isMstreamError(e) && e.code === 'MS_ERR_CONFIG_INVALID' && /path/.test(e.message),
    );
  });
});
