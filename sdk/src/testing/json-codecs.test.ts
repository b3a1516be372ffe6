import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isMstreamError, fromUtf8, utf8 } from '@mstream/sdk';
import { createJsonCodecs, createTestContext } from '@mstream/sdk/testing';

describe('createJsonCodecs', () => {
  const codecs = createJsonCodecs();

  it('round-trips JSON and writes it compactly', () => {
    const value = codecs.decode(utf8('{ "a": [1, 2], "b": "x" }'), 'json');
    assert.deepEqual(value, { a: [1, 2], b: 'x' });
    assert.equal(fromUtf8(codecs.encode(value, 'json')), '{"a":[1,2],"b":"x"}');
  });

  it('writes bigint as a string and bytes as base64, like the host flat JSON', () => {
    assert.equal(fromUtf8(codecs.encode({ n: 12n, b: new Uint8Array([1, 2]) }, 'json')), '{"n":"12","b":"AQI="}');
  });

  it('throws MS_ERR_DATA on malformed JSON or broken UTF-8', () => {
    for (const bytes of [utf8('{nope'), new Uint8Array([0x7b, 0xff, 0x7d])]) {
      assert.throws(() => codecs.decode(bytes, 'json'), (e) => isMstreamError(e) && e.code === 'MS_ERR_DATA');
    }
  });

  it('refuses bson and avro with MS_ERR_UNSUPPORTED', () => {
    assert.throws(() => codecs.decode(new Uint8Array(5), 'bson'), (e) => isMstreamError(e) && e.code === 'MS_ERR_UNSUPPORTED');
    assert.throws(() => codecs.encode({}, 'avro'), (e) => isMstreamError(e) && e.code === 'MS_ERR_UNSUPPORTED');
  });
});

describe('createTestContext', () => {
  it('resolves the documented tokens, rejects others with MS_ERR_NOT_FOUND and removes its data folder', async () => {
    const { tokens } = await import('@mstream/sdk');
    const { existsSync } = await import('node:fs');
    const ctx = createTestContext({ jobName: 'j' });
    assert.equal(ctx.resolve(tokens.dataDir), ctx.dataDir);
    assert.equal(existsSync(ctx.dataDir), true);
    assert.equal(typeof ctx.resolve(tokens.clock).now(), 'number');
    ctx.resolve(tokens.logger).child({ job: 'j' }).info({ n: 1 }, 'hello');
    assert.deepEqual(ctx.logs, [{ level: 'info', msg: 'hello', fields: { plugin: 'test-plugin', job: 'j', n: 1 } }]);
    assert.throws(() => ctx.resolve(Symbol.for('mstream.sdk.v1.unknown')), (e) => isMstreamError(e) && e.code === 'MS_ERR_NOT_FOUND');
    ctx.dispose();
    ctx.dispose();
    assert.equal(existsSync(ctx.dataDir), false);
  });
});
