// @requires-services verdaccio redis
// The whole plugin journey of a new user, in a real browser: scaffold a plugin with the CLI, build
// it and pass its acceptance test, publish it to a real npm registry (the local verdaccio), find it
// in the dashboard's marketplace, install it into a running host, create a service and a job with
// it from the generated forms and see events flow, then remove it. Screenshots:
// test-artifacts/dashboard/marketplace-*.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import { mstream, npm, output } from '../plugins/cli-helpers.js';
import { writePluginFolder } from '../plugins/plugin-fixtures.js';
import { ensureDashboardBuilt, findChromium, launchBrowser, type Browser } from './browser.js';

const REGISTRY = process.env.MSTREAM_TEST_PLUGIN_REGISTRY ?? 'http://127.0.0.1:4873';
const TOKEN = 'dash-marketplace-token';
const run = `${Date.now()}`;
const ID = 'dash-queue'; // the plugin id, and so its provider names
const PACKAGE = `mstream-plugin-${ID}`;
const VERSION = `0.1.${run}`; // a fresh version per run: the registry keeps what earlier runs published
const NEXT = `${ID}-next`; // a package built for a future SDK: listed, not installable
const JOB = 'queue-to-file';

/** Publishes a package folder to the local registry as a fresh user, like `npm publish` would. */
let registryToken: string | undefined;
async function publish(dir: string, staging: string): Promise<void> {
  if (!registryToken) {
    const user = `dash${run}`;
    const res = await fetch(`${REGISTRY}/-/user/org.couchdb.user:${user}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: user, password: `pw-${run}-secret` }),
    });
    registryToken = ((await res.json()) as { token: string }).token;
    assert.ok(registryToken, `the registry gave no token (HTTP ${res.status})`);
  }
  const npmrc = path.join(staging, '.npmrc-publish');
  writeFileSync(npmrc, `registry=${REGISTRY}/\n//${new URL(REGISTRY).host}/:_authToken=${registryToken}\n`);
  const published = npm(['publish', dir, '--userconfig', npmrc, '--ignore-scripts', '--loglevel=error'], staging);
  assert.equal(published.status, 0, output(published));
}

/** One line of the template's queue format: the payload as base64 (see its src/queue-line.ts). */
const queueLine = (doc: unknown) => `${JSON.stringify({ p: Buffer.from(JSON.stringify(doc)).toString('base64'), e: 'json', a: {}, t: Date.now() })}\n`;

describe('plugin journey in the dashboard: scaffold, publish, install from the marketplace, run a job, remove', () => {
  let staging: string;
  let pluginDir: string;
  let outDir: string;
  let queueDir: string;
  let h: TestHost;
  let b: Browser;
  let writer: ReturnType<typeof setInterval> | undefined;
  const savedRegistry = process.env.MSTREAM_PLUGIN_REGISTRY;
  const go = (page: string) => b.page.goto(`${h.url}/ui${page}`);
  const count = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));

  before(async () => {
    findChromium();
    ensureDashboardBuilt();
    staging = mkdtempSync(path.join(os.tmpdir(), 'mstream-dash-market-'));
    outDir = path.join(staging, 'out');
    queueDir = path.join(staging, 'queues');
    mkdirSync(outDir);
    process.env.MSTREAM_PLUGIN_REGISTRY = REGISTRY;
    h = await startTestHost({ apiToken: TOKEN, discover: true, filesRoot: staging, config: { services: [{ provider: 'file', name: 'files', path: outDir }] } });
    b = await launchBrowser();
  });
  after(async () => {
    clearInterval(writer);
    await b?.close();
    await h?.close();
    if (savedRegistry === undefined) delete process.env.MSTREAM_PLUGIN_REGISTRY;
    else process.env.MSTREAM_PLUGIN_REGISTRY = savedRegistry;
    if (staging) rmSync(staging, { recursive: true, force: true });
  });

  it('scaffolds a plugin with `mstream plugins new`, builds it and passes its acceptance test', { timeout: 120_000 }, () => {
    const created = mstream(['plugins', 'new', ID, '--dir', staging]);
    assert.equal(created.status, 0, output(created));
    pluginDir = path.join(staging, ID);
    // The new user's release: this run's version in package.json and in the plugin object.
    const pkgFile = path.join(pluginDir, 'package.json');
    writeFileSync(pkgFile, JSON.stringify({ ...JSON.parse(readFileSync(pkgFile, 'utf8')), version: VERSION }, null, 2));
    const index = path.join(pluginDir, 'src', 'index.ts');
    const source = readFileSync(index, 'utf8');
    assert.match(source, /version: '0\.1\.0'/);
    writeFileSync(index, source.replace(/version: '0\.1\.0'/, `version: '${VERSION}'`));

    const install = npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], pluginDir, 180_000);
    assert.equal(install.status, 0, output(install));
    const build = npm(['run', 'build'], pluginDir);
    assert.equal(build.status, 0, output(build));
    const test = npm(['test'], pluginDir);
    assert.equal(test.status, 0, output(test));
    assert.match(test.stdout, /source\.resume/);
    assert.match(test.stdout, /# fail 0/);
  });

  it('publishes it (and an incompatible sibling) to the local npm registry', async () => {
    assert.ok(pluginDir, 'the scaffold step ran');
    await publish(pluginDir, staging);
    await publish(await writePluginFolder(staging, { id: NEXT, version: `1.0.${run}`, sdk: '^9.0.0', peer: '^9.0.0' }), staging);
  });

  it('finds it in the marketplace and installs it into the running host with one click', { timeout: 120_000 }, async () => {
    await go('/plugins');
    // The host has a token: the dashboard asks for it first.
    await b.page.getByTestId('token-prompt').waitFor();
    await b.page.getByTestId('token-input').fill(TOKEN);
    await b.page.getByTestId('token-input').press('Enter');
    await b.page.locator('[data-plugin=file]').waitFor();
    assert.equal(await b.page.locator(`[data-plugin="${ID}"]`).count(), 0);

    await b.page.getByTestId('market-search').fill(ID);
    const row = b.page.locator(`[data-testid=market-row][data-package="${PACKAGE}"]`);
    const next = b.page.locator(`[data-testid=market-row][data-package="mstream-plugin-${NEXT}"]`);
    await row.waitFor();
    await next.waitFor();
    // The debounced search has answered: every row listed matches the query.
    await eventually(async () => {
      const names = await Promise.all((await b.page.getByTestId('market-row').all()).map(async (r) => (await r.getAttribute('data-package')) ?? ''));
      return (await b.page.getByTestId('searching').count()) === 0 && names.length > 0 && names.every((n) => n.includes(ID));
    }, 10_000, 'the search results for the query');
    assert.match((await row.textContent()) ?? '', new RegExp(`v${VERSION.replaceAll('.', '\\.')}`));
    assert.match((await row.textContent()) ?? '', /source:dash-queue/);
    assert.equal((await row.getByTestId('compatibility').textContent())?.trim(), 'compatible');
    assert.equal((await next.getByTestId('compatibility').textContent())?.trim(), 'incompatible');
    assert.ok(await next.getByTestId('install').isDisabled(), 'an incompatible plugin cannot be installed');
    assert.match((await next.getByTestId('incompatible-reason').textContent()) ?? '', /needs SDK \^9\.0\.0/);
    await b.shot('marketplace-01-search');

    const t0 = Date.now();
    await row.getByTestId('install').click();
    await b.page.getByTestId('install-progress').waitFor();
    await b.shot('marketplace-02-installing');
    await b.page.locator(`[data-plugin="${ID}"]`).waitFor({ timeout: 90_000 });
    console.log(`# install from the marketplace took ${Date.now() - t0} ms`);
    const notice = (await b.page.getByTestId('install-notice').textContent()) ?? '';
    assert.match(notice, new RegExp(`Installed ${ID} v${VERSION.replaceAll('.', '\\.')}`));
    const card = b.page.locator(`[data-plugin="${ID}"]`);
    assert.match((await card.textContent()) ?? '', /sink:dash-queue/);
    assert.equal(await card.getByTestId('remove').count(), 1, 'an installed plugin can be removed');
    assert.equal(await b.page.locator('[data-plugin=file]').getByTestId('remove').count(), 0, 'a built-in cannot');
    await eventually(async () => (await row.getByTestId('installed-version').textContent())?.includes(`installed v${VERSION}`), 5000, 'installed vX in the results');
    assert.ok(await row.getByTestId('install').isDisabled());
    await b.shot('marketplace-03-installed');
  });

  it('creates a service of the new provider from its generated form', async () => {
    await go('/services/new');
    await b.page.getByTestId('service-provider').selectOption(ID);
    await b.page.getByTestId('service-name').fill('queue');
    await b.page.locator('[data-field=".folder"] input').fill(queueDir);
    await b.shot('marketplace-04-service-form');
    await b.page.getByTestId('create-service').click();
    await b.page.waitForURL(/\/ui\/services\/queue$/);
    await b.page.getByTestId('service-config').getByText(queueDir).waitFor();
    await b.shot('marketplace-05-service');
  });

  it('runs a job from the plugin source to the file sink, with events flowing', { timeout: 60_000 }, async () => {
    let n = 0;
    const feed = () => {
      mkdirSync(queueDir, { recursive: true });
      appendFileSync(path.join(queueDir, 'orders.jsonl'), queueLine({ order: ++n, item: `widget-${n}` }));
    };
    for (let i = 0; i < 5; i++) feed();
    writer = setInterval(feed, 150);

    await go('/jobs/new');
    await b.page.getByTestId('job-name').fill(JOB);
    await b.page.getByTestId('source-service').selectOption('queue');
    await b.page.getByTestId('source-resource').fill('orders');
    await b.page.locator('[data-field="source.options.poll_ms"] input').waitFor(); // the plugin's own option schema
    await b.page.getByTestId('sinks[0]-service').selectOption('files');
    await b.page.getByTestId('sinks[0]-resource').fill('orders.jsonl');
    await b.shot('marketplace-06-job-form');
    await b.page.getByTestId('create-job').click();
    await b.page.waitForURL(new RegExp(`/ui/jobs/${JOB}$`));

    const first = await eventually(async () => count(await b.page.getByTestId('job-events').first().textContent()), 15_000, 'events on the job page');
    await eventually(async () => count(await b.page.getByTestId('job-events').first().textContent()) > first, 10_000, 'the event count to grow');
    const outFile = path.join(outDir, 'orders.jsonl');
    const lines = await eventually(() => {
      const all = existsSync(outFile) ? readFileSync(outFile, 'utf8').split('\n').filter(Boolean) : [];
      return all.length >= 5 ? all : undefined;
    }, 10_000, 'lines in the output file');
    assert.deepEqual(lines!.slice(0, 3).map((l) => JSON.parse(l)), [1, 2, 3].map((k) => ({ order: k, item: `widget-${k}` })));
    const job = (await h.request('GET', `/jobs/${JOB}`, undefined, { authorization: `Bearer ${TOKEN}` })).body;
    assert.equal(job.state, 'running');
    assert.equal(job.plugin_versions[ID], VERSION);
    await b.page.waitForTimeout(1500); // a few chart samples
    await b.shot('marketplace-07-job-running');
  });

  it('refuses to remove the plugin while the job runs (naming it), then removes it', { timeout: 60_000 }, async () => {
    await go('/plugins');
    const card = b.page.locator(`[data-plugin="${ID}"]`);
    await card.getByTestId('remove').click();
    await card.getByTestId('remove').click(); // the confirming second click
    await card.getByTestId('remove-error').waitFor();
    assert.match((await card.getByTestId('remove-error').textContent()) ?? '', new RegExp(`"${JOB}"`));
    await b.shot('marketplace-08-remove-refused');

    clearInterval(writer);
    await go(`/jobs/${JOB}`);
    await b.page.getByTestId('delete').click();
    await b.page.getByTestId('delete').click();
    await b.page.waitForURL(/\/ui\/jobs$/);
    await go('/plugins');
    await card.getByTestId('remove').click();
    await card.getByTestId('remove').click();
    await card.waitFor({ state: 'detached', timeout: 30_000 });
    assert.match((await b.page.getByTestId('remove-notice').textContent()) ?? '', new RegExp(`plugin "${ID}" removed`));
    const row = b.page.locator(`[data-testid=market-row][data-package="${PACKAGE}"]`);
    await eventually(async () => (await row.getByTestId('installed-version').count()) === 0, 5000, 'no longer marked installed');
    await b.shot('marketplace-09-removed');
    // The provider catalog followed: the service form no longer offers the removed provider.
    await go('/services/new');
    await b.page.getByTestId('service-provider').locator('option[value=file]').waitFor({ state: 'attached' });
    assert.equal(await b.page.getByTestId('service-provider').locator(`option[value="${ID}"]`).count(), 0);
    assert.deepEqual(b.pageErrors, []);
  });
});

describe('marketplace on a host without an API token', () => {
  it('shows the host\'s 401 message about MSTREAM_API_TOKEN as is, without a token prompt', async () => {
    ensureDashboardBuilt();
    const saved = { token: process.env.MSTREAM_API_TOKEN, registry: process.env.MSTREAM_PLUGIN_REGISTRY };
    delete process.env.MSTREAM_API_TOKEN;
    process.env.MSTREAM_PLUGIN_REGISTRY = REGISTRY;
    const h = await startTestHost({ config: {} });
    const b = await launchBrowser();
    try {
      await b.page.goto(`${h.url}/ui/plugins`);
      await b.page.getByTestId('marketplace').waitFor();
      await b.page.getByTestId('install-spec').fill('/tmp/not-there/plugin.tgz');
      await b.page.getByTestId('install-spec-button').click();
      await b.page.getByTestId('install-error').waitFor({ timeout: 20_000 });
      const message = (await b.page.getByTestId('install-error').textContent()) ?? '';
      assert.match(message, /needs an API token: restart the host with MSTREAM_API_TOKEN set/);
      assert.match(message, /MS_ERR_UNAUTHORIZED, HTTP 401/);
      assert.equal(await b.page.getByTestId('token-prompt').count(), 0, 'no token can help: no prompt');
      await b.shot('marketplace-10-no-token');
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
      await h.close();
      if (saved.token !== undefined) process.env.MSTREAM_API_TOKEN = saved.token;
      if (saved.registry === undefined) delete process.env.MSTREAM_PLUGIN_REGISTRY;
      else process.env.MSTREAM_PLUGIN_REGISTRY = saved.registry;
    }
  });
});
