// Browser tests of the dashboard: a real host (datagen and file plugins from the workspace), the
// built dashboard it serves, and Debian's chromium driven by playwright-core, as a person would.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestHost, eventually, type TestHost } from '../../host/test/test-host.js';
import { ensureDashboardBuilt, findChromium, launchBrowser, type Browser } from './browser.js';

const JOB = 'users-to-file';

describe('dashboard in a browser', () => {
  let h: TestHost;
  let b: Browser;
  let outDir: string;
  const go = (page: string) => b.page.goto(`${h.url}/ui${page}`);
  const text = async (selector: string) => ((await b.page.locator(selector).first().textContent()) ?? '').trim();
  const count = (s: string) => Number(s.replace(/[^\d.]/g, ''));

  before(async () => {
    findChromium(); // fail first, with the install hint, when chromium is missing
    ensureDashboardBuilt();
    outDir = mkdtempSync(path.join(os.tmpdir(), 'mstream-dash-out-'));
    h = await startTestHost({ discover: true, filesRoot: outDir, config: { services: [{ provider: 'datagen', name: 'generator' }] } });
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await h?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('shows the overview with health and the empty state', async () => {
    await go('/');
    await b.page.getByTestId('health').waitFor();
    assert.equal(await text('[data-testid=health]'), 'healthy');
    await b.page.getByText('No jobs yet.').first().waitFor();
    await b.shot('01-overview-empty');
  });

  it('creates a file service from the form generated from the provider schema', async () => {
    await go('/services/new');
    await b.page.getByTestId('service-provider').selectOption('file');
    await b.page.getByTestId('service-name').fill('bad name!');
    await b.page.locator('[data-field=".path"] input').fill(outDir);
    await b.page.getByTestId('create-service').click();
    // The API's issue for body.name is shown at the name field.
    await b.page.locator('[data-field=name] [data-testid=field-issue]').waitFor();
    await b.shot('02-service-form-error');
    await b.page.getByTestId('service-name').fill('files');
    await b.page.getByTestId('create-service').click();
    await b.page.waitForURL(/\/ui\/services\/files$/);
    await b.page.getByTestId('service-config').getByText(outDir).waitFor();
    await b.shot('03-service-detail');
    await go('/services');
    await b.page.getByTestId('services-table').getByText('files').waitFor();
    await b.shot('04-services');
  });

  it('creates a datagen → file job from the form, with validation errors at their fields', async () => {
    await go('/jobs/new');
    await b.page.getByTestId('source-service').selectOption('generator');
    await b.page.getByTestId('source-resource').fill('user');
    await b.page.locator('[data-field="source.options.rate"] input').fill('40');
    await b.page.getByTestId('sinks[0]-service').selectOption('files');
    // First without a name and a sink resource: the problems appear under those fields.
    await b.page.getByTestId('create-job').click();
    await b.page.locator('[data-field=name] [data-testid=field-issue]').waitFor();
    await b.page.locator('[data-field="sinks[0].resource"] [data-testid=field-issue]').waitFor();
    await b.shot('05-job-form-errors');
    await b.page.getByTestId('job-name').fill(JOB);
    await b.page.getByTestId('sinks[0]-resource').fill('users.jsonl');
    // A stricter schema on the sink than the generator's: older users become dead letters.
    await b.page.locator('[data-field="sinks[0].schema_id"] input').fill('young');
    await b.page.getByTestId('job-schemas').fill(JSON.stringify([{ id: 'young', definition: { type: 'object', properties: { age: { type: 'integer', maximum: 60 } } } }]));
    await b.page.getByTestId('create-job').click();
    await b.page.waitForURL(new RegExp(`/ui/jobs/${JOB}$`));
    await b.page.getByTestId('pipeline-graph').waitFor();
    assert.equal(await b.page.getByTestId('pipeline-node').count(), 2);
  });

  it('shows metrics moving on the job page and the overview', async () => {
    const first = await eventually(async () => count(await text('[data-testid=job-events]')) || 0, 8000, 'events on the job page');
    await eventually(async () => count(await text('[data-testid=job-events]')) > first, 8000, 'the event count to grow');
    await eventually(async () => count(await text('[data-testid=job-throughput]')) > 0, 8000, 'throughput');
    await b.page.waitForTimeout(1500); // a few chart samples
    await b.shot('06-job-detail-metrics');
    await go('/');
    const row = b.page.getByTestId('throughput-table').locator('tr', { hasText: JOB });
    await row.waitFor();
    await eventually(async () => count((await row.getByTestId('throughput').textContent()) ?? '') > 0, 8000, 'overview throughput');
    await eventually(async () => ((await row.locator('[data-testid=sparkline] path').count()) > 0), 8000, 'a sparkline');
    await b.page.waitForTimeout(2000);
    await b.shot('07-overview-running');
  });

  it('stops and restarts the job from the jobs list', async () => {
    await go('/jobs');
    const row = b.page.locator(`tr[data-job="${JOB}"]`);
    await row.getByTestId('stop').click();
    await eventually(async () => (await row.getByTestId('state').textContent()) === 'stopped', 8000, 'stopped');
    assert.equal((await h.request('GET', `/jobs/${JOB}`)).body.state, 'stopped');
    await b.shot('08-jobs-stopped');
    await row.getByTestId('restart').click();
    await eventually(async () => (await row.getByTestId('state').textContent()) === 'running', 8000, 'running again');
    assert.equal((await h.request('GET', `/jobs/${JOB}`)).body.state, 'running');
    await b.shot('09-jobs');
  });

  it('shows a dead letter with its payload and reason, and re-drives it', async () => {
    await go(`/jobs/${JOB}`);
    await b.page.getByTestId('tab-dead-letters').click();
    const first = b.page.getByTestId('dead-letter').first();
    await first.waitFor();
    await first.click();
    await b.page.getByTestId('dead-letter-detail').waitFor();
    assert.match(await text('[data-testid=dl-reason]'), /does not match JSON Schema "young"/);
    const payload = JSON.parse(await text('[data-testid=dl-payload]')) as { age: number };
    assert.ok(payload.age > 60, 'the payload is the original event');
    assert.equal(await text('[data-testid=dl-attempts]'), '1');
    await b.shot('10-dead-letter');
    // The schema still rejects it: the re-drive runs, fails again and counts the attempt.
    await b.page.getByTestId('redrive-one').click();
    await b.page.getByTestId('dl-notice').waitFor();
    assert.match(await text('[data-testid=dl-notice]'), /re-driven: 0, failed again: 1/);
    await eventually(async () => (await text('[data-testid=dl-attempts]')) === '2', 5000, 'attempts 2');
    await b.shot('11-dead-letter-redriven');
    await b.page.getByTestId('tab-checkpoints').click();
    await b.page.getByTestId('checkpoints').waitFor();
    await b.shot('12-job-checkpoints');
    await b.page.getByTestId('tab-logs').click();
    await b.page.getByTestId('log-line').first().waitFor();
    await b.shot('13-job-logs');
  });

  it('moves a stopped job back to an earlier checkpoint, then starts it again', async () => {
    await eventually(async () => (await h.request('GET', `/jobs/${JOB}/checkpoints`)).body.length >= 2, 10_000, 'two checkpoints');
    assert.equal((await h.request('POST', `/jobs/${JOB}/stop`)).status, 200);
    await go(`/jobs/${JOB}`);
    await b.page.getByTestId('tab-checkpoints').click();
    await b.page.getByTestId('resume-here').first().waitFor();
    const history = (await h.request('GET', `/jobs/${JOB}/checkpoints`)).body as Array<{ cursor_base64: string }>;
    await b.page.getByTestId('resume-here').first().click();
    await b.page.getByTestId('notice').waitFor();
    assert.match(await text('[data-testid=notice]'), /will resume from this position/);
    const newest = (await h.request('GET', `/jobs/${JOB}/checkpoints`)).body[0] as { cursor_base64: string };
    assert.equal(newest.cursor_base64, history[1].cursor_base64, 'the chosen checkpoint is now the newest');
    await b.shot('13a-job-position-moved');
    assert.equal((await h.request('POST', `/jobs/${JOB}/restart`)).status, 200);
    await eventually(async () => (await h.request('GET', `/jobs/${JOB}`)).body.state === 'running', 8000, 'running again');
  });

  it('runs a script and a test suite in the Transform Studio', async () => {
    await go('/studio');
    await b.page.getByTestId('run-script').click();
    await b.page.locator('[data-testid=run-output], [data-testid=error]').first().waitFor();
    assert.equal(await b.page.getByTestId('error').count(), 0, 'the workspace UDF plugin runs the script');
    assert.match(await text('[data-testid=run-output]'), /a\*\*\*@example\.com/);
    await b.page.getByTestId('generate-tests').click();
    await b.page.getByTestId('test-case').first().waitFor();
    assert.ok((await b.page.getByTestId('test-case').count()) > 1, 'edge-case variants were generated');
    await b.page.getByTestId('run-tests').click();
    await b.page.getByTestId('test-summary').waitFor();
    assert.match(await text('[data-testid=test-summary]'), /\d+ passed, 0 failed/);
    // Saving and loading suites are host routes that exist today.
    await b.page.getByTestId('suite-name').fill('masking');
    await b.page.getByTestId('save-suite').click();
    await b.page.getByText('test suite saved').waitFor();
    await eventually(async () => (await b.page.getByTestId('load-suite').locator('option', { hasText: 'masking' }).count()) === 1, 5000, 'the saved suite listed');
    const suites = (await h.request('GET', '/test-suites')).body as Array<{ name: string }>;
    assert.ok(suites.some((s) => s.name === 'masking'));
    await b.shot('14-studio');
  });

  it('filters, searches and pauses the live logs', async () => {
    await go('/logs');
    await b.page.getByTestId('log-line').first().waitFor();
    await b.page.getByTestId('log-job').selectOption(JOB);
    await b.page.getByTestId('log-level').selectOption('warn');
    await eventually(async () => (await b.page.getByTestId('log-status').textContent()) === 'live', 5000, 'stream live');
    await b.page.getByTestId('log-line').first().waitFor();
    const lines = await b.page.getByTestId('log-line').allTextContents();
    assert.ok(lines.length > 0 && lines.every((l) => l.includes(JOB) && /warn|error/.test(l)), lines.slice(0, 3).join('\n'));
    await b.page.getByTestId('log-search').fill('dead-letter');
    await eventually(async () => {
      const all = await b.page.getByTestId('log-line').allTextContents();
      return all.length > 0 && all.every((l) => l.includes('dead-letter'));
    }, 6000, 'search results');
    await b.page.getByTestId('log-pause').click();
    await b.page.getByTestId('log-held').waitFor({ timeout: 8000 });
    await b.shot('15-logs');
    await b.page.getByTestId('log-pause').click();
  });

  it('shows plugins and the schema tools', async () => {
    await go('/plugins');
    await b.page.locator('[data-plugin=datagen]').waitFor();
    assert.match(await text('[data-plugin=file]'), /sink:file/);
    await b.shot('16-plugins');
    await go('/schemas');
    await b.page.getByTestId('schema-service').selectOption('files');
    await b.page.getByTestId('convert').click();
    await b.page.locator('[data-testid=schema-result], [data-testid=error]').first().waitFor();
    await b.shot('17-schemas');
  });

  it('lays out at a narrow width', async () => {
    await b.page.setViewportSize({ width: 420, height: 860 });
    for (const [hash, name] of [['/', '18-narrow-overview'], ['/jobs', '19-narrow-jobs'], [`/jobs/${JOB}`, '20-narrow-job'], ['/studio', '21-narrow-studio'], ['/jobs/new', '22-narrow-job-form']] as const) {
      await go(hash);
      await b.page.waitForTimeout(1200);
      await b.shot(name);
      // A string expression: the browser's DOM types are not part of this Node program.
      const overflow = (await b.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
      assert.ok(overflow <= 1, `${hash} scrolls sideways by ${overflow}px at 420px`);
    }
    await b.page.setViewportSize({ width: 1280, height: 900 });
  });

  it('deletes the job', async () => {
    await go(`/jobs/${JOB}`);
    await b.page.getByTestId('delete').click();
    await b.page.getByTestId('delete').click(); // the confirming second click
    await b.page.waitForURL(/\/ui\/jobs$/);
    await eventually(async () => (await h.request('GET', `/jobs/${JOB}`)).status === 404, 5000, 'job deleted');
    assert.deepEqual(b.pageErrors, []);
  });
});

describe('dashboard with an API token', () => {
  it('asks for the token, keeps it for the session and then shows the data', async () => {
    ensureDashboardBuilt();
    const h = await startTestHost({ apiToken: 'tok-dash', config: {} });
    const b = await launchBrowser();
    try {
      await b.page.goto(`${h.url}/ui/jobs`);
      await b.page.getByTestId('token-prompt').waitFor();
      await b.shot('23-token-prompt');
      await b.page.getByTestId('token-input').fill('tok-dash');
      await b.page.getByTestId('token-input').press('Enter');
      await b.page.getByText('No jobs yet.').waitFor();
      assert.equal(await b.page.getByTestId('token-prompt').count(), 0);
      assert.equal(await b.page.evaluate("sessionStorage.getItem('mstream.token')"), 'tok-dash');
      // The live log stream authenticates through fetch() too.
      await b.page.goto(`${h.url}/ui/logs`);
      await eventually(async () => (await b.page.getByTestId('log-status').textContent()) === 'live', 5000, 'log stream with token');
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
      await h.close();
    }
  });
});
