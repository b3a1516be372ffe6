// The host serving the built dashboard under /ui/: content types, cache headers, the page
// fallback, redirects from / and unprefixed page URLs, API precedence and the token exemption.
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

  it('redirects / and /ui to /ui/ (query kept), without the token', async () => {
    for (const [from, to] of [['/', '/ui/'], ['/ui', '/ui/'], ['/?a=1', '/ui/?a=1']]) {
      const res = await fetch(h.url + from, { redirect: 'manual' });
      assert.equal(res.status, 302, from);
      assert.equal(res.headers.get('location'), to, from);
    }
  });

  it('serves index.html at /ui/ and for every page path under it, without the token, never cached stale', async () => {
    for (const page of ['/ui/jobs/some-job', '/ui/services/new', '/ui/studio']) {
      const res = await get(page);
      assert.equal(res.status, 200, page);
      assert.match(await res.text(), /<div id="app">/, page);
    }
    const missing = await get('/ui/assets/gone.js', { authorization: 'Bearer tok-serve' });
    assert.equal(missing.status, 404);
    const res = await get('/ui/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.match(await res.text(), /<div id="app">/);
  });

  it('serves hashed assets with their type and a long immutable cache', async () => {
    const js = readdirSync(path.join(REPO_ROOT, 'dashboard/dist/assets')).find((f) => f.endsWith('.js'))!;
    const res = await get(`/ui/assets/${js}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/javascript/);
    assert.match(res.headers.get('cache-control')!, /immutable/);
    // auth.ts exempts GET only; HEAD goes through the token check like any other method.
    const head = await fetch(`${h.url}/ui/assets/${js}`, { method: 'HEAD', headers: { authorization: 'Bearer tok-serve' } });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  it('sends browser navigations to unprefixed client paths under /ui/, API clients get JSON 404', async () => {
    const page = await fetch(`${h.url}/some/page?x=1`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get('location'), '/ui/some/page?x=1');
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
    const unknownJob = await get('/jobs/none', { accept: 'text/html', authorization: 'Bearer tok-serve' });
    assert.equal(unknownJob.status, 404);
    assert.match(unknownJob.headers.get('content-type')!, /json/);
  });

  it('never serves files outside the dist folder', async () => {
    for (const route of ['/..%2fpackage.json', '/ui/..%2fpackage.json', '/ui/assets/..%2f..%2fpackage.json', '/ui/%2e%2e/%2e%2e/package.json', '/ui/..%2f..%2fhost%2fpackage.json']) {
      const res = await get(route, { authorization: 'Bearer tok-serve' });
      assert.notEqual(res.status, 200, route);
    }
  });
});
