// @requires-services verdaccio redis
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import filePlugin from '../../plugins/file/src/index.js';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import { mstream, npm, output, REPO_ROOT } from './cli-helpers.js';
import { writePluginFolder } from './plugin-fixtures.js';

const REGISTRY = process.env.MSTREAM_TEST_PLUGIN_REGISTRY ?? 'http://127.0.0.1:4873';
const TOKEN = 'marketplace-test-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const run = `${Date.now()}`;
const PLUGIN = 'mstream-plugin-redis-streams';
const VERSION = `0.1.${run}`; // a fresh version per run: the registry keeps what earlier runs published

/** Publishes a package folder to the local registry as a fresh user, like `npm publish` would. */
let token: string | undefined;
async function publish(dir: string, staging: string): Promise<void> {
  if (!token) {
    const user = `tester${run}`;
    const res = await fetch(`${REGISTRY}/-/user/org.couchdb.user:${user}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: user, password: `pw-${run}-secret` }),
    });
    token = ((await res.json()) as { token: string }).token;
    assert.ok(token, `the registry gave no token (HTTP ${res.status})`);
  }
  const npmrc = path.join(staging, '.npmrc-publish');
  writeFileSync(npmrc, `registry=${REGISTRY}/\n//${new URL(REGISTRY).host}/:_authToken=${token}\n`);
  const published = npm(['publish', dir, '--userconfig', npmrc, '--ignore-scripts', '--loglevel=error'], staging);
  assert.equal(published.status, 0, output(published));
}

/**
 * Builds examples/redis-streams-plugin into a staging folder with this run's version. Modules are
 * transpiled one by one (no type-check, so the example's own node_modules is not needed here;
 * its acceptance test type-checks and installs it).
 */
function stageRedisPlugin(staging: string): string {
  const source = path.join(REPO_ROOT, 'examples/redis-streams-plugin');
  const dir = path.join(staging, 'redis-streams');
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  for (const file of readdirSync(path.join(source, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const { outputText } = ts.transpileModule(readFileSync(path.join(source, 'src', file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    });
    writeFileSync(path.join(dir, 'dist', file.replace(/\.ts$/, '.js')), outputText);
  }
  cpSync(path.join(source, 'README.md'), path.join(dir, 'README.md'));
  const pkg = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, version: VERSION, scripts: {} }, null, 2));
  return dir;
}

function xadd(stream: string, ...fields: string[]): void {
  const result = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'XADD', stream, '*', ...fields], { encoding: 'utf8' });
  assert.equal(result.status, 0, output(result));
}

describe('marketplace: publish to a real npm registry, find, install into a running host, run a job', () => {
  let staging: string;
  let h: TestHost;
  let out: string;
  const stream = `marketplace:${run}`;
  const savedRegistry = process.env.MSTREAM_PLUGIN_REGISTRY;

  before(async () => {
    staging = mkdtempSync(path.join(os.tmpdir(), 'mstream-marketplace-'));
    out = path.join(staging, 'out');
    await publish(stageRedisPlugin(staging), staging);
    const future = await writePluginFolder(staging, { id: `future${run}`, sdk: '^9.0.0', peer: '^9.0.0' });
    await publish(future, staging);
    process.env.MSTREAM_PLUGIN_REGISTRY = REGISTRY;
    h = await startTestHost({ apiToken: TOKEN, plugins: [filePlugin], config: {}, filesRoot: staging });
  });
  after(async () => {
    await h?.close();
    if (savedRegistry === undefined) delete process.env.MSTREAM_PLUGIN_REGISTRY;
    else process.env.MSTREAM_PLUGIN_REGISTRY = savedRegistry;
    if (staging) rmSync(staging, { recursive: true, force: true });
  });

  it('`mstream plugins search redis` lists the published plugin with its version and what it provides', () => {
    const result = mstream(['plugins', 'search', 'redis', '--registry', REGISTRY]);
    assert.equal(result.status, 0, output(result));
    assert.match(result.stdout, new RegExp(`${PLUGIN}@${VERSION.replaceAll('.', '\\.')}`));
    assert.match(result.stdout, /provides: service:redis-streams, source:redis-streams, sink:redis-streams/);
  });

  it('GET /plugins/search shows name, version, description, provides and SDK compatibility', async () => {
    const { status, body } = await h.request('GET', '/plugins/search?q=redis', undefined, auth);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.registry, REGISTRY);
    const entry = body.results.find((r: { name: string }) => r.name === PLUGIN);
    assert.equal(entry.version, VERSION);
    assert.match(entry.description, /Redis Streams source/);
    assert.deepEqual(entry.provides, ['service:redis-streams', 'source:redis-streams', 'sink:redis-streams']);
    assert.equal(entry.compatible, true);
    assert.equal(entry.installed_version, null);
    const all = await h.request('GET', '/plugins/search', undefined, auth);
    const future = all.body.results.find((r: { name: string }) => r.name === `mstream-plugin-future${run}`);
    assert.equal(future.compatible, false);
    assert.equal(future.sdk, '^9.0.0');
  });

  it('refuses to install a registry plugin built for another SDK, naming both versions', async () => {
    const res = await h.request('POST', '/plugins', { spec: `mstream-plugin-future${run}` }, auth);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(res.body.message, /requires SDK \^9\.0\.0 but this host provides SDK 0\.1\.0/);
  });

  it('installs it into the running host with POST /plugins, runs redis → file end to end, and removes it after the job is gone', { timeout: 120_000 }, async () => {
    const added = await h.request('POST', '/plugins', { spec: `${PLUGIN}@${VERSION}` }, auth);
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.id, 'redis-streams');
    assert.equal(added.body.sdk, '^0.1.0');
    const search = await h.request('GET', '/plugins/search?q=redis', undefined, auth);
    assert.equal(search.body.results.find((r: { name: string }) => r.name === PLUGIN).installed_version, VERSION);

    assert.equal((await h.request('POST', '/services', { provider: 'redis-streams', name: 'redis', url: 'redis://127.0.0.1:6379' }, auth)).status, 201);
    assert.equal((await h.request('POST', '/services', { provider: 'file', name: 'files', path: out }, auth)).status, 201);
    const job = await h.request('POST', '/jobs', {
      name: 'redis-to-file',
      source: { service_name: 'redis', resource: stream, output_encoding: 'json', options: { block_ms: 100 } },
      sinks: [{ service_name: 'files', resource: 'entries.jsonl', output_encoding: 'json' }],
    }, auth);
    assert.equal(job.status, 201, JSON.stringify(job.body));
    for (let i = 1; i <= 5; i++) xadd(stream, 'name', `user-${i}`, 'n', String(i));
    const lines = await eventually(() => {
      const text = existsSync(path.join(out, 'entries.jsonl')) ? readFileSync(path.join(out, 'entries.jsonl'), 'utf8') : '';
      const all = text.split('\n').filter(Boolean);
      return all.length >= 5 ? all : undefined;
    }, 20_000, 'five XADDed entries in the file');
    assert.deepEqual(lines!.map((l) => JSON.parse(l)), [1, 2, 3, 4, 5].map((n) => ({ name: `user-${n}`, n: String(n) })));
    const record = (await h.request('GET', '/jobs/redis-to-file', undefined, auth)).body;
    assert.equal(record.plugin_versions['redis-streams'], '0.1.0');

    const refused = await h.request('DELETE', '/plugins/redis-streams', undefined, auth);
    assert.equal(refused.status, 409);
    assert.match(refused.body.message, /"redis-to-file"/);
    assert.equal((await h.request('DELETE', '/jobs/redis-to-file', undefined, auth)).status, 200);
    const removed = await h.request('DELETE', '/plugins/redis-streams', undefined, auth);
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.ok(!(await h.request('GET', '/plugins', undefined, auth)).body.some((p: { id: string }) => p.id === 'redis-streams'));
    assert.equal((await h.request('GET', '/health')).status, 200);
  });
});
