import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attributeHeaders, encodingOf, headerAttributes, joinUrl, parseRetryAfter } from './http-request.js';

describe('http request helpers', () => {
  it('joins resources below the base path whatever the slashes', () => {
    assert.equal(joinUrl(new URL('http://x/api'), 'events').href, 'http://x/api/events');
    assert.equal(joinUrl(new URL('http://x/api/'), '/events').href, 'http://x/api/events');
    assert.equal(joinUrl(new URL('http://x'), 'events').href, 'http://x/events');
    assert.equal(joinUrl(new URL('http://x/api'), '').href, 'http://x/api');
    assert.equal(joinUrl(new URL('http://x/api'), 'v2/events?mode=bulk').href, 'http://x/api/v2/events?mode=bulk');
  });
  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    const inFive = new Date(Date.now() + 5000).toUTCString();
    const ms = parseRetryAfter(inFive)!;
    assert.ok(ms > 3000 && ms <= 5000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });
  it('turns attributes into sanitised X- headers and X- response headers back into attributes', () => {
    assert.deepEqual(attributeHeaders({ tenant: 'acme', 'bad name/1': 'é\n' }), { 'X-tenant': 'acme', 'X-bad-name-1': '%C3%A9%0A' });
    assert.deepEqual(headerAttributes(new Headers({ 'X-Trace': 't1', 'Content-Type': 'application/json' })), { trace: 't1' });
  });
  it('maps content types to encodings', () => {
    assert.equal(encodingOf('application/json; charset=utf-8'), 'json');
    assert.equal(encodingOf('application/bson'), 'bson');
    assert.equal(encodingOf('avro/binary'), 'avro');
    assert.equal(encodingOf('text/plain'), undefined);
  });
});
