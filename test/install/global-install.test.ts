// @requires-services verdaccio
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually } from '../../host/test/test-host.js';
import { output, REPO_ROOT } from '../plugins/cli-helpers.js';
import { freePort, startScratchRegistry, type ScratchRegistry } from './scratch-registry.js';

const VERSION = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version as string;
const PLUGINS = ['datagen', 'file', 'http', 'kafka', 'mongodb', 'pubsub', 'schema-registry', 'udf'];

/**
 * A user's shell: no npm_* variables from the `npm test` around us, no NODE_OPTIONS (tsx, the
 * mstream-source condition), no MSTREAM_* settings; npm's cache in a temp folder.
 */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|mstream_)/i.test(k) && k !== 'NODE_OPTIONS' && k !== 'NODE_TEST_CONTEXT'));
  return { ...env, MSTREAM_LOG_LEVEL: 'info', ...extra };
}

describe('install like a real service: release to a registry, npm install -g mstream, run it', { timeout: 600_000 }, () => {
  let scratch: string;
  let registry: ScratchRegistry;
  let prefix: string;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const run = (cmd: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> =>
    spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout });
  const mstream = (args: string[]) => run(path.join(prefix, 'bin/mstream'), args, work);

  before(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'mstream-install-'));
    registry = await startScratchRegistry(path.join(scratch, 'registry'));
    prefix = mkdtempSync(path.join(scratch, 'prefix-'));
    work = mkdtempSync(path.join(scratch, 'work-'));
    env = userEnv({ npm_config_userconfig: registry.npmrc, npm_config_cache: path.join(scratch, 'npm-cache') });
  });
  after(async () => {
    await registry?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('`npm run release` publishes every package in dependency order, and skips them all the second time', { timeout: 240_000 }, () => {
    assert.equal(run('npm', ['run', 'release'], REPO_ROOT).status, 2, 'the release refuses to run without --registry');
    // `npm test` has just built the workspace; --no-build keeps this test from rebuilding it.
    const first = run('npm', ['run', 'release', '--', '--registry', registry.url, '--no-build'], REPO_ROOT, 200_000);
    assert.equal(first.status, 0, output(first));
    const published = [...first.stdout.matchAll(/^ {2}published (\S+)@/gm)].map((m) => m[1]);
    assert.deepEqual([...published].sort(), ['@mstream/host', '@mstream/sdk', 'mstream', ...PLUGINS.map((p) => `@mstream/plugin-${p}`)].sort());
    assert.equal(published[0], '@mstream/sdk');
    assert.equal(published.at(-1), 'mstream');
    const again = run('npm', ['run', 'release', '--', '--registry', registry.url, '--no-build'], REPO_ROOT);
    assert.equal(again.status, 0, output(again));
    assert.equal([...again.stdout.matchAll(/^ {2}skipped \S+ \(already published\)/gm)].length, published.length, again.stdout);
  });

  it('`npm install -g mstream` from the registry installs the command', { timeout: 300_000 }, () => {
    const install = run('npm', ['install', '-g', '--prefix', prefix, 'mstream', '--registry', registry.url, '--no-audit', '--no-fund', '--loglevel=error'], work, 280_000);
    assert.equal(install.status, 0, output(install));
    assert.ok(existsSync(path.join(prefix, 'bin/mstream')));
    // Nothing of the repository leaks in: the installed host is a registry tarball, not a link.
    const host = path.join(prefix, 'lib/node_modules/mstream/node_modules/@mstream/host');
    assert.ok(existsSync(path.join(host, 'dashboard/index.html')), 'the dashboard ships inside the host package');
    assert.ok(existsSync(path.join(host, 'plugin-template/package.json')), 'the plugin template ships inside the host package');
  });

  it('`mstream --version` prints the host, SDK and plugin versions', () => {
    const version = mstream(['--version']);
    assert.equal(version.status, 0, output(version));
    const plugins = PLUGINS.map((p) => `${p} ${VERSION}`).join(', ');
    assert.equal(version.stdout.trim(), `mstream ${VERSION} (sdk ${VERSION}; plugins: ${plugins})`);
  });

  it('`mstream init` writes the starter config, and it validates', () => {
    const init = mstream(['init']);
    assert.equal(init.status, 0, output(init));
    assert.ok(existsSync(path.join(work, 'mstream-config.toml')));
    const valid = mstream(['validate', '--config', 'mstream-config.toml']);
    assert.equal(valid.status, 0, output(valid));
  });

  it('`mstream start` runs the starter job with the dashboard and the bundled plugins from the install', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const child = spawn(path.join(prefix, 'bin/mstream'), ['start', '--port', String(port)], { cwd: work, env });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const url = `http://127.0.0.1:${port}`;
    try {
      const jobs = await eventually(async () => {
        const list = (await (await fetch(`${url}/jobs`)).json()) as Array<{ name: string; state: string }>;
        return list.find((j) => j.name === 'quickstart-users' && j.state === 'running') ? list : undefined;
      }, 60_000, `the starter job running (log:\n${log})`);
      assert.equal(jobs.length, 1);

      const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(await page.text(), readFileSync(path.join(REPO_ROOT, 'dashboard/dist/index.html'), 'utf8'), 'GET / is the built dashboard');

      const plugins = (await (await fetch(`${url}/plugins`)).json()) as Array<{ id: string; status: string; dir: string }>;
      for (const id of PLUGINS) {
        const plugin = plugins.find((p) => p.id === id);
        assert.equal(plugin?.status, 'loaded', `${id}: ${JSON.stringify(plugin)}`);
        assert.ok(plugin.dir.startsWith(prefix), `${id} loaded from the install, not the repository: ${plugin.dir}`);
      }

      const out = path.join(work, 'data/out/users.jsonl');
      const size = await eventually(() => existsSync(out) && statSync(out).size, 15_000, 'the output file');
      await eventually(() => statSync(out).size > size, 15_000, 'the output file growing');
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0, log);
    }
  });

  it('`mstream plugins new` scaffolds from the template inside the installed package', () => {
    const created = mstream(['plugins', 'new', 'acme-queue']);
    assert.equal(created.status, 0, output(created));
    const dir = path.join(work, 'acme-queue');
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'mstream-plugin-acme-queue');
    assert.equal(pkg.devDependencies['@mstream/sdk'], `file:vendor/mstream-sdk-${VERSION}.tgz`);
    assert.ok(existsSync(path.join(dir, 'vendor', `mstream-sdk-${VERSION}.tgz`)));
    assert.ok(existsSync(path.join(dir, '.gitignore')), 'the template\'s .gitignore survives packing');
    assert.ok(existsSync(path.join(dir, 'src/acme-queue.acceptance.test.ts')));
  });
});
