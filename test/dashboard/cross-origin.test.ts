// Drive-by requests, in a real browser: a host with no token on 127.0.0.1 (the default for a new
// user), and a page on another origin (another port of 127.0.0.1: same address, so Chrome's
// private network checks do not apply, the worst case) whose scripts and forms POST to the host
// the ways that need no CORS preflight. Nothing may be created or stopped, while the dashboard the
// host serves still creates a service and a job, and clients without an Origin (curl, SDKs) work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import { ensureDashboardBuilt, findChromium, launchBrowser, type Browser } from './browser.js';

const JOB = 'users-to-file';

interface AuditEntry { method: string; path: string; status: number; role: string }

/**
 * The attacker's page. Its script sends a `text/plain` POST (no preflight) with a JSON body to
 * each path, then a JSON POST that would need a preflight, then submits a form (a navigation,
 * which CORS never covers) whose text/plain encoding also spells a JSON body.
 */
function attackPage(host: string, posts: Array<{ path: string; body?: unknown }>, form: { path: string; body?: Record<string, unknown> }): string {
  const field = form.body ? JSON.stringify(form.body).replace(/}$/, ',"pad":"') : undefined; // name=value makes ...,"pad":"="}
  return `<!doctype html><html><body>
<iframe name="sink"></iframe>
<form id="form" method="POST" action="${host}${form.path}" enctype="text/plain" target="sink">${field ? `<input type="hidden" name='${field}' value='"}'>` : ''}</form>
<script>
const host = ${JSON.stringify(host)};
const posts = ${JSON.stringify(posts)};
(async () => {
  const results = [];
  for (const p of posts) {
    const init = { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' } };
    if (p.body !== undefined) init.body = JSON.stringify(p.body);
    results.push(await fetch(host + p.path, init).then((r) => r.type, (e) => 'failed: ' + e.message));
  }
  const json = posts.find((p) => p.body !== undefined);
  if (json) results.push(await fetch(host + json.path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(json.body) }).then((r) => 'answered ' + r.status, () => 'blocked'));
  window.results = results;
  document.getElementById('form').submit();
})();
</script></body></html>`;
}

describe('a page on another origin cannot drive a host with no token; the dashboard still can', () => {
  let h: TestHost;
  let b: Browser;
  let evil: Server;
  let evilUrl: string;
  let page = '';
  let root: string;
  let outDir: string;
  const go = (page: string) => b.page.goto(`${h.url}/ui${page}`);
  const names = async (route: string) => ((await h.request('GET', route)).body as Array<{ name: string }>).map((x) => x.name).sort();
  const audit = async () => (await h.request('GET', '/audit?limit=500')).body as AuditEntry[];
  const refusals = async (p: string) => (await audit()).filter((e) => e.method === 'POST' && e.path === p && e.status === 403).length;

  /** Loads the attacker's page, waits for its scripts, and until the host has seen the form's POST too. */
  async function visitAttacker(posts: Array<{ path: string; body?: unknown }>, form: { path: string; body?: Record<string, unknown> }): Promise<string[]> {
    const expected = (await refusals(form.path)) + posts.filter((p) => p.path === form.path).length + 1;
    page = attackPage(h.url, posts, form);
    await b.page.goto(`${evilUrl}/`);
    await b.page.waitForFunction('Array.isArray(window.results)');
    const results = (await b.page.evaluate('window.results')) as string[];
    await eventually(async () => (await refusals(form.path)) >= expected, 5000, `the form POST to ${form.path} reaching the host`);
    return results;
  }

  before(async () => {
    findChromium();
    ensureDashboardBuilt();
    root = mkdtempSync(path.join(os.tmpdir(), 'mstream-dash-origin-'));
    outDir = path.join(root, 'out');
    mkdirSync(outDir);
    h = await startTestHost({ discover: true, filesRoot: root, config: { services: [{ provider: 'datagen', name: 'generator' }, { provider: 'file', name: 'out', path: outDir }] } });
    assert.match(h.url, /^http:\/\/127\.0\.0\.1:\d+$/, 'a host with no token listens on loopback');
    evil = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await new Promise((resolve) => evil?.close(resolve));
    await h?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('creates no service and no job from no-preflight POSTs and a form on another origin', async () => {
    // Paths inside the files root, so only the cross-origin guards stand in the way.
    const fileService = { name: 'evil-files', provider: 'file', path: path.join(root, 'evil') };
    const job = { name: 'evil-job', source: { service_name: 'generator', resource: 'user', output_encoding: 'json' }, sinks: [{ service_name: 'out', resource: 'evil.jsonl', output_encoding: 'json' }] };
    const results = await visitAttacker([{ path: '/services', body: fileService }, { path: '/jobs', body: job }], { path: '/services', body: { ...fileService, name: 'evil-form' } });
    // The simple POSTs were sent, but the host's Cross-Origin-Resource-Policy: same-origin makes the
    // browser drop even their opaque answers; the JSON one never got past its preflight.
    assert.deepEqual(results, ['failed: Failed to fetch', 'failed: Failed to fetch', 'blocked']);
    assert.deepEqual(await names('/services'), ['generator', 'out']);
    assert.deepEqual(await names('/jobs'), []);
    // They reached the host and were refused there, not just hidden by the browser.
    const seen = (await audit()).filter((e) => e.method === 'POST');
    assert.deepEqual(seen.map((e) => `${e.status} ${e.path}`).sort(), ['403 /jobs', '403 /services', '403 /services']);
    assert.deepEqual(b.pageErrors, []);
  });

  it('creates a service and a job from the dashboard the host serves', async () => {
    await go('/services/new');
    await b.page.getByTestId('role').getByText('no token').waitFor();
    await b.page.getByTestId('service-provider').selectOption('file');
    await b.page.getByTestId('service-name').fill('files');
    await b.page.locator('[data-field=".path"] input').fill(outDir);
    await b.page.getByTestId('create-service').click();
    await b.page.waitForURL(/\/ui\/services\/files$/);
    await go('/jobs/new');
    await b.page.getByTestId('job-name').fill(JOB);
    await b.page.getByTestId('source-service').selectOption('generator');
    await b.page.getByTestId('source-resource').fill('user');
    await b.page.locator('[data-field="source.options.rate"] input').fill('20');
    await b.page.getByTestId('sinks[0]-service').selectOption('files');
    await b.page.getByTestId('sinks[0]-resource').fill('users.jsonl');
    await b.page.getByTestId('create-job').click();
    await b.page.waitForURL(new RegExp(`/ui/jobs/${JOB}$`));
    assert.equal((await h.request('GET', '/services/files')).status, 200);
    assert.equal((await h.request('GET', `/jobs/${JOB}`)).body.state, 'running');
    const created = (await audit()).filter((e) => e.status === 201).map((e) => `${e.method} ${e.path}`).sort();
    assert.deepEqual(created, ['POST /jobs', 'POST /services']);
    await b.shot('cross-origin-01-dashboard-job');
  });

  it('cannot stop that job from another origin, while the dashboard can', async () => {
    const stop = `/jobs/${JOB}/stop`;
    const results = await visitAttacker([{ path: stop }], { path: stop });
    assert.deepEqual(results, ['failed: Failed to fetch']);
    assert.equal(await refusals(stop), 2, 'the body-less POST and the form were refused');
    assert.equal((await h.request('GET', `/jobs/${JOB}`)).body.state, 'running');
    await go('/jobs');
    const row = b.page.locator(`tr[data-job="${JOB}"]`);
    await row.getByTestId('stop').click();
    await eventually(async () => (await h.request('GET', `/jobs/${JOB}`)).body.state === 'stopped', 8000, 'stopped from the dashboard');
    assert.deepEqual(b.pageErrors, []);
  });

  it('still serves clients that send no Origin', async () => {
    const made = await h.request('POST', '/services', { name: 'from-node', provider: 'file', path: path.join(root, 'node') });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal((await h.request('GET', '/services/from-node')).status, 200);
    assert.equal((await h.request('POST', `/jobs/${JOB}/restart`)).status, 200);
    assert.equal((await h.request('DELETE', `/jobs/${JOB}`)).status, 200);
  });
});
