// Roles in the dashboard, in a real browser: a host with an admin and a read token. Signed in with
// the read token every page still loads its data, and every control that would change something
// (or POST to the script and schema tools) is disabled with a title saying why; no change request
// leaves the browser. Signed in with the admin token the same controls work. A 403 from the host
// is shown with its message. Screenshots: test-artifacts/dashboard/roles-*.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import { ensureDashboardBuilt, findChromium, launchBrowser, type Browser } from './browser.js';

const ADMIN = 'roles-admin-token';
const READ = 'roles-read-token';
const STOPPED = 'old-users'; // stopped, with dead letters and checkpoints to act on
const RUNNING = 'ticker';
const CHANGE = /read-only token cannot do this: changes need the admin token/;
const RUN = /read-only token cannot run this/;

describe('dashboard roles: a read token sees everything and changes nothing, the admin token changes things', () => {
  let h: TestHost;
  let b: Browser;
  let outDir: string;
  const admin = { authorization: `Bearer ${ADMIN}` };
  const go = (page: string) => b.page.goto(`${h.url}/ui${page}`);
  const byId = (id: string) => b.page.getByTestId(id);
  const text = async (locator: Locator) => ((await locator.first().textContent()) ?? '').trim();

  /** Disabled, and its title says why (a disabled button still shows its tooltip). Some sit in a closed <details>. */
  async function blocked(locator: Locator, reason: RegExp): Promise<void> {
    await locator.first().waitFor({ state: 'attached' });
    for (const one of await locator.all()) {
      assert.equal(await one.isDisabled(), true, `${one} is disabled`);
      assert.match((await one.getAttribute('title')) ?? '', reason);
    }
  }
  async function allowed(locator: Locator): Promise<void> {
    await locator.first().waitFor();
    assert.equal(await locator.first().isDisabled(), false, `${locator} is enabled`);
    assert.doesNotMatch((await locator.first().getAttribute('title')) ?? '', /read-only/);
  }
  async function signIn(token: string): Promise<void> {
    await byId('token-prompt').waitFor();
    await byId('token-input').fill(token);
    await byId('token-input').press('Enter'); // the prompt reloads the page, which reads the session again
    await byId('role').waitFor();
  }

  before(async () => {
    findChromium();
    ensureDashboardBuilt();
    outDir = mkdtempSync(path.join(os.tmpdir(), 'mstream-dash-roles-'));
    h = await startTestHost({
      apiToken: ADMIN, readTokens: [READ], discover: true, filesRoot: outDir,
      config: { services: [{ provider: 'datagen', name: 'generator' }, { provider: 'file', name: 'files', path: outDir }] },
    });
    const job = (name: string, extra: Record<string, unknown>) => ({
      name, source: { service_name: 'generator', resource: 'user', output_encoding: 'json', options: { rate: 40 } },
      sinks: [{ service_name: 'files', resource: `${name}.jsonl`, output_encoding: 'json', ...extra }], checkpoint: { interval_ms: 200 },
    });
    // Users older than 60 fail the sink's schema and become dead letters.
    const young = [{ id: 'young', definition: { type: 'object', properties: { age: { type: 'integer', maximum: 60 } } } }];
    assert.equal((await h.request('POST', '/jobs', { ...job(STOPPED, { schema_id: 'young' }), schemas: young }, admin)).status, 201);
    assert.equal((await h.request('POST', '/jobs', job(RUNNING, {}), admin)).status, 201);
    await eventually(async () => (await h.request('GET', `/jobs/${STOPPED}/dead-letters`, undefined, admin)).body.total > 0, 10_000, 'a dead letter');
    await eventually(async () => (await h.request('GET', `/jobs/${STOPPED}/checkpoints`, undefined, admin)).body.length >= 2, 10_000, 'two checkpoints');
    assert.equal((await h.request('POST', `/jobs/${STOPPED}/stop`, undefined, admin)).status, 200);
    const suite = { name: 'masking', script: 'function transform(data, attributes) { return result(data, attributes); }', cases: [{ name: 'keeps the name', input: { name: 'Ada' }, assertions: [{ path: 'name', assert_type: 'equals', expected_value: 'Ada' }] }] };
    assert.equal((await h.request('POST', '/test-suites', suite, admin)).status, 201);
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await h?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('signs in with the read token and shows the read-only role', async () => {
    await go('/');
    await signIn(READ);
    assert.equal(await text(byId('role')), 'read-only');
    assert.match((await byId('role').getAttribute('title')) ?? '', /read token/);
    await byId('health').waitFor();
    await byId('jobs-by-state').waitFor();
  });

  it('lists the jobs with their actions disabled', async () => {
    await go('/jobs');
    const running = b.page.locator(`tr[data-job="${RUNNING}"]`);
    const stopped = b.page.locator(`tr[data-job="${STOPPED}"]`);
    await running.getByTestId('state').getByText('running').waitFor();
    await stopped.getByTestId('state').getByText('stopped').waitFor();
    await blocked(running.getByTestId('stop'), CHANGE);
    await blocked(b.page.getByTestId('restart'), CHANGE);
    await blocked(b.page.getByTestId('delete'), CHANGE);
    await blocked(byId('new-job'), CHANGE);
    await b.shot('roles-01-jobs-read-only');
  });

  it('shows a job, its dead letters and checkpoints, with every change disabled', async () => {
    await go(`/jobs/${STOPPED}`);
    await byId('pipeline-graph').waitFor();
    await blocked(byId('restart'), CHANGE);
    await byId('tab-dead-letters').click();
    await byId('dead-letter').first().click();
    await byId('dl-payload').waitFor();
    assert.ok((JSON.parse(await text(byId('dl-payload'))) as { age: number }).age > 60, 'the payload is shown');
    for (const id of ['redrive-all', 'discard-all', 'redrive-one', 'discard-one']) await blocked(byId(id), CHANGE);
    await b.shot('roles-02-dead-letters-read-only');
    await byId('tab-checkpoints').click();
    await byId('checkpoint').first().waitFor();
    await blocked(byId('forget-position'), CHANGE);
    await blocked(byId('resume-here'), CHANGE);
  });

  it('shows the job and service forms, but not to submit', async () => {
    await go('/jobs/new');
    await byId('read-only-note').waitFor();
    await byId('source-service').locator('option', { hasText: 'generator' }).waitFor({ state: 'attached' });
    await blocked(byId('create-job'), CHANGE);
    await go('/services/new');
    await byId('service-provider').selectOption('file');
    await b.page.locator('[data-field=".path"] input').waitFor();
    await blocked(byId('create-service'), CHANGE);
    await b.shot('roles-03-service-form-read-only');
  });

  it('shows the services and a service\'s files, with create and delete disabled', async () => {
    await go('/services');
    await byId('services-table').getByText('files').waitFor();
    await blocked(byId('new-service'), CHANGE);
    await go('/services/files');
    await byId('service-config').getByText(outDir).waitFor();
    await blocked(byId('delete-service'), CHANGE);
    const row = byId('resources-table').locator('tr', { hasText: `${RUNNING}.jsonl` });
    await row.getByRole('button', { name: 'Content' }).click();
    await eventually(async () => (await text(byId('resource-view'))).includes('"email"'), 5000, 'the file\'s content');
  });

  it('loads test suites in the Transform Studio, but does not run or save scripts', async () => {
    await go('/studio');
    await byId('not-validated').waitFor();
    assert.match(await text(byId('not-validated')), RUN);
    await byId('load-suite').selectOption({ label: 'masking (1)' });
    await byId('test-case').first().waitFor();
    for (const id of ['run-script', 'fill-sample', 'generate-tests', 'run-tests']) await blocked(byId(id), RUN);
    await blocked(byId('save-suite'), CHANGE);
    await b.shot('roles-04-studio-read-only');
    await go('/schemas');
    await byId('schema-service').selectOption('files');
    await blocked(byId('convert'), RUN);
    await blocked(byId('sample'), RUN);
    await blocked(byId('save-schema'), CHANGE);
  });

  it('shows the plugins and logs, with installing disabled', async () => {
    await go('/plugins');
    await b.page.locator('[data-plugin=datagen]').waitFor();
    await byId('install-spec').fill('mstream-plugin-anything@1.0.0');
    await blocked(byId('install-spec-button'), CHANGE);
    await go('/logs');
    await eventually(async () => (await byId('log-status').textContent()) === 'live', 5000, 'the log stream with a read token');
  });

  it('sent no change request while signed in with the read token', async () => {
    const audit = (await h.request('GET', '/audit?limit=500', undefined, admin)).body as Array<{ role: string; method: string; path: string }>;
    assert.deepEqual(audit.filter((e) => e.role === 'read'), [], 'no POST, PUT or DELETE with the read token');
    assert.deepEqual(b.pageErrors, []);
  });

  it('signs in with the admin token, and the same controls change things', async () => {
    await b.page.getByRole('button', { name: 'Forget token' }).click();
    await signIn(ADMIN);
    assert.equal(await text(byId('role')), 'admin');
    await go('/jobs');
    const stopped = b.page.locator(`tr[data-job="${STOPPED}"]`);
    await allowed(byId('new-job'));
    await allowed(stopped.getByTestId('delete'));
    await allowed(stopped.getByTestId('restart'));
    await stopped.getByTestId('restart').click();
    await eventually(async () => (await stopped.getByTestId('state').textContent()) === 'running', 8000, 'started by the admin');
    assert.equal((await h.request('GET', `/jobs/${STOPPED}`, undefined, admin)).body.state, 'running');
    await go('/studio');
    await byId('diagnostics').getByText('no problems').waitFor();
    await byId('run-script').click();
    await byId('run-output').waitFor();
    assert.match(await text(byId('run-output')), /a\*\*\*@example\.com/);
    await b.shot('roles-05-studio-admin');
  });

  it('shows the host\'s 403 message when the token turns out to be read-only, then disables the controls', async () => {
    await go('/jobs');
    const row = b.page.locator(`tr[data-job="${RUNNING}"]`);
    await allowed(row.getByTestId('stop'));
    // Another sign-in in this tab replaced the token behind the dashboard's back: it still shows
    // admin controls, and the host is the one to say no.
    await b.page.evaluate(`sessionStorage.setItem('mstream.token', ${JSON.stringify(READ)})`);
    await row.getByTestId('stop').click();
    const error = row.getByTestId('error');
    await error.waitFor();
    assert.match(await text(error), new RegExp(`POST /jobs/${RUNNING}/stop needs the admin role \\(MSTREAM_API_TOKEN\\); this token has the read role\\s+\\(MS_ERR_FORBIDDEN, HTTP 403\\)`));
    // The 403 makes the dashboard read the session again: read-only from now on.
    await eventually(async () => (await byId('role').textContent()) === 'read-only', 5000, 'the read-only badge');
    await blocked(row.getByTestId('stop'), CHANGE);
    await b.shot('roles-06-forbidden');
    assert.equal((await h.request('GET', `/jobs/${RUNNING}`, undefined, admin)).body.state, 'running', 'the read token stopped nothing');
    assert.deepEqual(b.pageErrors, []);
  });
});
