import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, scriptedPlugin } from '../fixtures/scripted-plugin.js';
import { startTestHost, type TestHost } from '../test-host.js';
import { rawRequest } from './raw-request.js';

const SERVICE = JSON.stringify({ provider: 'scripted', name: 'planted' });

describe('a host with no token cannot be driven by a foreign page', () => {
  let h: TestHost;
  let hostHeader: string;
  before(async () => {
    h = await startTestHost({ plugins: [scriptedPlugin(createWorld())], config: {} });
    hostHeader = new URL(h.url).host;
  });
  after(() => h.close());
  const services = async () => (await h.request('GET', '/services')).body.map((s: { name: string }) => s.name);

  it('refuses a text/plain, form or multipart body with 415 and creates nothing', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const res = await rawRequest(h.url, 'POST', '/services', type ? { 'content-type': type } : {}, SERVICE);
      assert.equal(res.status, 415, `Content-Type "${type}"`);
      assert.equal(res.body.code, 'MS_ERR_UNSUPPORTED_MEDIA_TYPE');
      assert.match(res.body.message, /application\/json/);
    }
    assert.deepEqual(await services(), []);
  });

  it('accepts application/json with a charset, and body-less POSTs without any content type', async () => {
    const created = await rawRequest(h.url, 'POST', '/services', { 'content-type': 'Application/JSON; charset=utf-8' }, JSON.stringify({ provider: 'scripted', name: 'mine' }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const job = await h.request('POST', '/jobs', {
      name: 'j1', source: { service_name: 'mine', resource: 'in', output_encoding: 'json' }, sinks: [{ service_name: 'mine', resource: 'out', output_encoding: 'json' }],
    });
    assert.equal(job.status, 201, JSON.stringify(job.body));
    assert.equal((await rawRequest(h.url, 'POST', '/jobs/j1/stop')).status, 200);
    assert.equal((await rawRequest(h.url, 'POST', '/jobs/j1/restart', { 'content-type': 'application/json' }, '{}')).status, 200);
    // A re-drive of everything takes no body, or `{}`; neither is a 400.
    assert.equal((await rawRequest(h.url, 'POST', '/jobs/j1/dead-letters/redrive')).status, 200);
    assert.equal((await rawRequest(h.url, 'POST', '/jobs/j1/dead-letters/redrive', { 'content-type': 'application/json' }, '{}')).status, 200);
    assert.equal((await h.request('DELETE', '/jobs/j1')).status, 200);
    assert.equal((await h.request('DELETE', '/services/mine')).status, 200);
  });

  it('refuses a change from a foreign Origin or a cross-site fetch with 403, even with a JSON body', async () => {
    for (const headers of [
      { origin: 'http://evil.example' } as Record<string, string>,
      { origin: 'null' },
      { origin: 'http://127.0.0.1:1' },
      { 'sec-fetch-site': 'cross-site' },
    ]) {
      const res = await rawRequest(h.url, 'POST', '/services', { 'content-type': 'application/json', ...headers }, SERVICE);
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.equal(res.body.code, 'MS_ERR_FORBIDDEN');
    }
    const stop = await rawRequest(h.url, 'POST', '/jobs/anything/stop', { origin: 'http://evil.example' });
    assert.equal(stop.status, 403);
    assert.deepEqual(await services(), []);
  });

  it('lets reads through from any origin, and changes from the host\'s own origins', async () => {
    assert.equal((await rawRequest(h.url, 'GET', '/jobs', { origin: 'http://evil.example' })).status, 200);
    const port = new URL(h.url).port;
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      const name = `own-${origin.length}`;
      const res = await rawRequest(h.url, 'POST', '/services', { 'content-type': 'application/json', origin, 'sec-fetch-site': 'same-origin' }, JSON.stringify({ provider: 'scripted', name }));
      assert.equal(res.status, 201, `${origin}: ${JSON.stringify(res.body)}`);
      await h.request('DELETE', `/services/${name}`);
    }
  });

  it('answers no foreign Host name, /health included (DNS rebinding)', async () => {
    const port = new URL(h.url).port;
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`]) {
      const res = await rawRequest(h.url, 'GET', '/health', { host });
      assert.equal(res.status, 403, host);
      assert.equal(res.body.code, 'MS_ERR_FORBIDDEN');
      assert.match(res.body.message, /MSTREAM_API_ALLOWED_HOSTS/);
    }
    for (const host of [hostHeader, `localhost:${port}`, 'localhost', `[::1]:${port}`, '127.0.0.1']) {
      assert.equal((await rawRequest(h.url, 'GET', '/health', { host })).status, 200, host);
    }
  });

  it('sends browser security headers: a CSP without inline scripts, no framing, nosniff, no referrer', async () => {
    // The dashboard's page when it is built (`/` redirects there), else the status page at `/`.
    let res = await rawRequest(h.url, 'GET', '/', { accept: 'text/html' });
    if (res.status === 302) res = await rawRequest(h.url, 'GET', String(res.headers.location), { accept: 'text/html' });
    assert.equal(res.status, 200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.doesNotMatch(String(res.body), /<script>(?!<\/script>)/, 'the page has no inline script');
  });
});

describe('allow lists widen the guards on purpose', () => {
  it('answers a Host in MSTREAM_API_ALLOWED_HOSTS and takes changes from MSTREAM_API_ALLOWED_ORIGINS and that host\'s own origin', async () => {
    const h = await startTestHost({
      plugins: [scriptedPlugin(createWorld())], config: {},
      allowedHosts: ['mstream.internal'], allowedOrigins: ['https://console.example.com'],
    });
    try {
      assert.equal((await rawRequest(h.url, 'GET', '/health', { host: 'mstream.internal:8719' })).status, 200);
      assert.equal((await rawRequest(h.url, 'GET', '/health', { host: 'other.internal' })).status, 403);
      const viaConsole = await rawRequest(h.url, 'POST', '/services', { 'content-type': 'application/json', origin: 'https://console.example.com' }, JSON.stringify({ provider: 'scripted', name: 'a' }));
      assert.equal(viaConsole.status, 201);
      const sameOrigin = await rawRequest(h.url, 'POST', '/services', { 'content-type': 'application/json', host: 'mstream.internal', origin: 'http://mstream.internal' }, JSON.stringify({ provider: 'scripted', name: 'b' }));
      assert.equal(sameOrigin.status, 201, JSON.stringify(sameOrigin.body));
      const foreign = await rawRequest(h.url, 'POST', '/services', { 'content-type': 'application/json', host: 'mstream.internal', origin: 'http://evil.example' }, JSON.stringify({ provider: 'scripted', name: 'c' }));
      assert.equal(foreign.status, 403);
    } finally {
      await h.close();
    }
  });
});

describe('a host bound beyond loopback', () => {
  it('answers any Host name, and takes changes from a page it served under that name', async () => {
    const h = await startTestHost({ plugins: [scriptedPlugin(createWorld())], config: {}, apiToken: 'admin-token-bound', bindHost: '0.0.0.0' });
    try {
      const port = new URL(h.url).port;
      const auth = { authorization: 'Bearer admin-token-bound', 'content-type': 'application/json' };
      assert.equal((await rawRequest(h.url, 'GET', '/health', { host: `mstream.lan:${port}` })).status, 200);
      const own = await rawRequest(h.url, 'POST', '/services', { ...auth, host: `mstream.lan:${port}`, origin: `http://mstream.lan:${port}` }, JSON.stringify({ provider: 'scripted', name: 'lan' }));
      assert.equal(own.status, 201, JSON.stringify(own.body));
      const foreign = await rawRequest(h.url, 'POST', '/services', { ...auth, host: `mstream.lan:${port}`, origin: 'http://evil.example' }, JSON.stringify({ provider: 'scripted', name: 'evil' }));
      assert.equal(foreign.status, 403, 'a foreign origin is refused even with the token');
    } finally {
      await h.close();
    }
  });
});
