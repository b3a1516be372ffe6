import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, isMstreamError, utf8, type Codecs, type StreamEvent } from '@mstream/sdk';
import { createJsonCodecs, createTestContext } from '@mstream/sdk/testing';
import { fileSink } from './file-sink.js';
import { minifyJson, toJsonLine } from './json-lines.js';
import { assertFileName } from './file-name.js';

const folder = mkdtempSync(join(tmpdir(), 'mstream-file-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const event = (payload: string | Uint8Array, encoding: StreamEvent['encoding'] = 'json') =>
  createEvent({ position: utf8('0'), payload: typeof payload === 'string' ? utf8(payload) : payload, encoding });
const isCode = (code: string) => (e: unknown) => isMstreamError(e) && e.code === code;

describe('file name validation', () => {
  it('accepts a single file name', () => {
    for (const name of ['out.jsonl', 'a b.txt', '..hidden', 'x..y']) assert.doesNotThrow(() => assertFileName(name));
  });

  it('rejects empty names, dot names and anything with a separator with MS_ERR_CONFIG_INVALID', () => {
    for (const name of ['', '.', '..', '../x', 'a/b', '/etc/passwd', 'a\\b', 'a\0b']) {
      assert.throws(() => assertFileName(name), isCode('MS_ERR_CONFIG_INVALID'), name);
    }
  });

  it('refuses to create a sink on a path that leaves the folder', () => {
    assert.throws(
      () => fileSink.create({ service: { folder }, resource: '../escape.jsonl', options: { fsync: false }, context: createTestContext(), encoding: 'json' }),
      (e) => isCode('MS_ERR_CONFIG_INVALID')(e) && /resource/.test((e as Error).message),
    );
  });
});

describe('JSON lines', () => {
  const codecs = createJsonCodecs();

  it('writes a pretty-printed JSON payload as one compact line, keeping big integers and string spaces', () => {
    const pretty = '{\n  "big": 12345678901234567890,\n  "text": "a  b \\" c",\n  "list": [ 1, 2 ]\n}';
    assert.equal(toJsonLine(event(pretty), codecs), '{"big":12345678901234567890,"text":"a  b \\" c","list":[1,2]}');
    assert.equal(minifyJson('[ "\\\\", 1 ]'), '["\\\\",1]');
  });

  it('rejects a payload that is not JSON with MS_ERR_DATA', () => {
    assert.throws(() => toJsonLine(event('{"a":'), codecs), isCode('MS_ERR_DATA'));
    assert.throws(() => toJsonLine(event(new Uint8Array([0x22, 0xff, 0x22])), codecs), isCode('MS_ERR_DATA'));
  });

  it('writes avro as a $binary line and bson through the codecs', () => {
    assert.equal(toJsonLine(event(new Uint8Array([1, 2, 3]), 'avro'), codecs), '{"$binary":"AQID"}');
    const fakeBson: Codecs = {
      decode: () => ({ _id: 'abc', n: 1 }),
      encode: (value) => utf8(JSON.stringify(value, null, 2)),
    };
    assert.equal(toJsonLine(event(new Uint8Array([0]), 'bson'), fakeBson), '{"_id":"abc","n":1}');
    assert.throws(() => toJsonLine(event(new Uint8Array([0]), 'bson'), codecs), isCode('MS_ERR_UNSUPPORTED'));
  });
});

describe('file sink', () => {
  it('appends each batch as lines and writes nothing of a batch holding a bad event', async () => {
    const sink = await fileSink.create({ service: { folder }, resource: 'batch.jsonl', options: { fsync: true }, context: createTestContext(), encoding: 'json' });
    await sink.open!(AbortSignal.timeout(1000));
    await sink.write([event('{"a":1}'), event('{ "b" : 2 }')], AbortSignal.timeout(1000));
    await assert.rejects(sink.write([event('{"c":3}'), event('nope')], AbortSignal.timeout(1000)), isCode('MS_ERR_DATA'));
    await sink.write([event('{"d":4}')], AbortSignal.timeout(1000));
    await sink.close();
    await sink.close();
    assert.equal(readFileSync(join(folder, 'batch.jsonl'), 'utf8'), '{"a":1}\n{"b":2}\n{"d":4}\n');
  });

  it('fails with a connection error naming the file when the folder is gone', async () => {
    const sink = await fileSink.create({ service: { folder: join(folder, 'missing') }, resource: 'x.jsonl', options: { fsync: false }, context: createTestContext(), encoding: 'json' });
    await assert.rejects(sink.write([event('{}')], AbortSignal.timeout(1000)), (e) => isCode('MS_ERR_CONNECTION')(e) && /x\.jsonl/.test((e as Error).message));
    await sink.close();
  });
});
