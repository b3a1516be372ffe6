// Dashboard page URLs under /ui/ in a real browser: a job page reloads into itself, an old
// `/#/jobs/NAME` link lands on the path URL, in-app links and back/forward change the path, and
// API clients still get JSON at the same names.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestHost, type TestHost } from '../../host/test/test-host.js';
import { ensureDashboardBuilt, findChromium, launchBrowser, type Browser } from './browser.js';

const JOB = 'deep-link-job';

describe('dashboard deep links', () => {
  let h: TestHost;
  let b: Browser;
  let outDir: string;

  before(async () => {
    findChromium();
    ensureDashboardBuilt();
    outDir = mkdtempSync(path.join(os.tmpdir(), 'mstream-deep-'));
    h = await startTestHost({ discover: true, filesRoot: outDir, config: { services: [{ provider: 'datagen', name: 'generator' }, { provider: 'file', name: 'files', path: outDir }] } });
    const job = await h.request('POST', '/jobs', {
      name: JOB,
      source: { service_name: 'generator', resource: 'user', output_encoding: 'json', options: { rate: 5 } },
      sinks: [{ service_name: 'files', resource: 'out.jsonl', output_encoding: 'json' }],
    });
    assert.equal(job.status, 201, JSON.stringify(job.body));
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await h?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  const onJobPage = async () => {
    await b.page.getByTestId('pipeline-graph').waitFor();
    await b.page.getByRole('heading', { name: JOB }).first().waitFor();
  };

  it('opens and reloads /ui/jobs/NAME as the job page', async () => {
    await b.page.goto(`${h.url}/ui/jobs/${JOB}`);
    await onJobPage();
    await b.page.reload();
    await onJobPage();
    assert.equal(new URL(b.page.url()).pathname, `/ui/jobs/${JOB}`);
    await b.shot('deep-link-job');
  });

  it('takes an old /#/jobs/NAME link to /ui/jobs/NAME', async () => {
    await b.page.goto(`${h.url}/#/jobs/${JOB}`);
    await onJobPage();
    const url = new URL(b.page.url());
    assert.equal(url.pathname, `/ui/jobs/${JOB}`);
    assert.equal(url.hash, '');
    await b.page.goto(`${h.url}/`);
    await b.page.getByTestId('health').waitFor();
    assert.equal(new URL(b.page.url()).pathname, '/ui/');
  });

  it('navigates in-app by path, with back and forward, and shows unknown pages as not found', async () => {
    await b.page.goto(`${h.url}/ui/`);
    await b.page.getByTestId('nav').getByRole('link', { name: 'Jobs' }).click();
    await b.page.waitForURL(/\/ui\/jobs$/);
    await b.page.getByRole('link', { name: JOB }).first().click();
    await b.page.waitForURL(new RegExp(`/ui/jobs/${JOB}$`));
    await onJobPage();
    await b.page.goBack();
    await b.page.waitForURL(/\/ui\/jobs$/);
    await b.page.goForward();
    await onJobPage();
    await b.page.goto(`${h.url}/ui/no/such/page`);
    await b.page.getByText('Page not found').waitFor();
    assert.deepEqual(b.pageErrors, []);
  });

  it('still answers API clients with JSON at /jobs/NAME', async () => {
    const res = await fetch(`${h.url}/jobs/${JOB}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^application\/json/);
    assert.equal(((await res.json()) as { name: string }).name, JOB);
    // Even a browser-like Accept gets the API at an API path.
    const html = await fetch(`${h.url}/jobs/${JOB}`, { headers: { accept: 'text/html,*/*' } });
    assert.match(html.headers.get('content-type')!, /^application\/json/);
  });
});
