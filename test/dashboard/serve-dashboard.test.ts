// The host serving the built dashboard: content types, cache headers, SPA fallback, API precedence
// and the token exemption for static files.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startTestHost, type TestHost } from '../../host/test/test-host.js';
import { ensureDashboardBuilt, REPO_ROOT } from './browser.js';

describe('host serves the dashboard', () => {
  let h: TestHost;
  const get = (route: string, headers: Record<string, string> = {}) => fetch(h.url + route, { headers });
  before(async () => {
    ensureDashboardBuilt();
    h = await startTestHost({ apiToken: 'tok-serve', config: {} });
  });
  after(() => h.close());

  it('serves index.html at / without the token, never cached stale', async () => {
    const res = await get('/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.match(await res.text(), /<div id="app">/);
  });

  it('serves hashed assets with their type and a long immutable cache', async () => {
    const js = readdirSync(path.join(REPO_ROOT, 'dashboard/dist/assets')).find((f) => f.endsWith('.js'))!;
    const res = await get(`/assets/${js}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/javascript/);
    assert.match(res.headers.get('cache-control')!, /immutable/);
    // auth.ts exempts GET only; HEAD goes through the token check like any other method.
    const head = await fetch(`${h.url}/assets/${js}`, { method: 'HEAD', headers: { authorization: 'Bearer tok-serve' } });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  it('answers browser navigations to client paths with index.html, API clients with JSON 404', async () => {
    const page = await get('/some/page', { accept: 'text/html' });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="app">/);
    const api = await get('/some/page', { authorization: 'Bearer tok-serve' });
    assert.equal(api.status, 404);
    assert.equal(((await api.json()) as { code: string }).code, 'MS_ERR_ROUTE_NOT_FOUND');
  });

  it('lets API routes win and keeps them behind the token, even for browsers', async () => {
    const denied = await get('/jobs', { accept: 'text/html' });
    assert.equal(denied.status, 401);
    const jobs = await get('/jobs', { accept: 'text/html', authorization: 'Bearer tok-serve' });
    assert.equal(jobs.status, 200);
    assert.deepEqual(await jobs.json(), []);
  });

  it('never serves files outside the dist folder', async () => {
    for (const route of ['/..%2fpackage.json', '/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      const res = await get(route, { authorization: 'Bearer tok-serve' });
      assert.notEqual(res.status, 200, route);
    }
  });
});
