// The container image without Docker (this machine has only the client): the Dockerfile's own
// lines are carried out in scratch folders (test/deploy/dockerfile.ts), its entry point started
// with the image's environment, and the host must come up healthy and ready, answer its
// HEALTHCHECK command, and drain on its STOPSIGNAL. What cannot run outside an image (the user
// switch, /data's owner) is checked as text here and left to a real `docker build`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually } from '../../host/test/test-host.js';
import { REPO_ROOT } from '../plugins/cli-helpers.js';
import { freePort } from '../install/scratch-registry.js';
import { buildWithoutDocker, inImage, parseDockerfile, parseStages, type BuiltStage } from './dockerfile.js';

const DOCKERFILE = path.join(REPO_ROOT, 'Dockerfile');
const ENTRYPOINT = path.join(REPO_ROOT, 'deploy/docker/entrypoint.sh');
// RUN lines that set up the image's own system folders: as root, outside the scratch folders.
const IMAGE_ONLY_RUNS = ['mkdir -p /data /etc/mstream && chown 1000:1000 /data'];

/** The environment of a user's shell: nothing from an `npm test` around us, no MSTREAM_* settings. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|mstream_)/i.test(k) && k !== 'NODE_OPTIONS' && k !== 'NODE_TEST_CONTEXT'));
  return { ...env, ...extra };
}

describe('the Dockerfile', () => {
  const stages = parseStages(parseDockerfile(readFileSync(DOCKERFILE, 'utf8')));
  const workspaces = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;

  it('builds on node:20-bookworm-slim in two stages and runs as a non-root user', () => {
    assert.deepEqual(stages.map((s) => s.image), ['node:20-bookworm-slim', 'node:20-bookworm-slim']);
    const runtime = stages.at(-1)!;
    const user = runtime.instructions.find((i) => i.keyword === 'USER')?.args;
    assert.match(user ?? '', /^[1-9]\d*(:\d+)?$/, 'a numeric, non-zero uid (runAsNonRoot can only verify numbers)');
    const runs = runtime.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    assert.deepEqual(runs, IMAGE_ONLY_RUNS, 'the runtime stage only prepares /data; a new RUN there needs a look in this test');
    assert.ok(runs[0].includes(`chown ${user}`), '/data belongs to the user the host runs as');
  });

  it('copies every workspace manifest before `npm ci`, so the install layer matches the lockfile', () => {
    const build = stages[0].instructions;
    const ci = build.findIndex((i) => i.keyword === 'RUN' && i.args.startsWith('npm ci'));
    const copied = build.slice(0, ci).filter((i) => i.keyword === 'COPY').flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    const dirs = workspaces.flatMap((w) => w.endsWith('/*')
      ? readdir(path.join(REPO_ROOT, w.slice(0, -2))).map((d) => `${w.slice(0, -2)}/${d}`)
      : [w]);
    for (const dir of dirs) assert.ok(copied.includes(`${dir}/package.json`), `COPY ${dir}/package.json before npm ci`);
    assert.ok(copied.includes('package-lock.json'));
  });

  it('refuses to start without a token: exit code 2 and a message naming the variables', (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mstream-token-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const empty = path.join(dir, 'token');
    writeFileSync(empty, '\n');
    const cases: Array<Record<string, string>> = [{}, { MSTREAM_API_TOKEN: '  ' }, { MSTREAM_API_TOKEN_FILE: empty }, { MSTREAM_API_TOKEN_FILE: path.join(dir, 'missing') }];
    for (const env of cases) {
      const result = spawnSync(ENTRYPOINT, ['start'], { env: cleanEnv(env), encoding: 'utf8', timeout: 10_000 });
      assert.equal(result.status, 2, `${JSON.stringify(env)}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /^mstream: refusing to start: /);
      assert.match(result.stderr, /MSTREAM_API_TOKEN_FILE/);
      assert.equal(result.stdout, '');
    }
    // Other commands need no token: `validate` is how an operator checks a config with the image.
    const version = spawnSync(ENTRYPOINT, ['--version'], { env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
    assert.equal(version.status, 0, version.stderr);
  });
});

describe('the image, built from the Dockerfile without Docker', { timeout: 420_000 }, () => {
  let scratch: string;
  let image: BuiltStage;
  let log: string;

  before(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'mstream-image-'));
    log = path.join(scratch, 'build.log');
    writeFileSync(log, '');
    const started = Date.now();
    const built = buildWithoutDocker({
      dockerfile: DOCKERFILE, context: REPO_ROOT, scratch: path.join(scratch, 'fs'), env: cleanEnv(), log,
      skipRun: (command) => IMAGE_ONLY_RUNS.includes(command),
    });
    image = built.at(-1)!;
    console.log(`built the image's folders in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
  after(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('holds only the runtime: built packages, the dashboard, production dependencies', () => {
    const app = path.join(image.root, image.workdir);
    assert.equal(image.workdir, '/app');
    assert.ok(existsSync(path.join(app, 'host/dist/cli.js')));
    assert.ok(existsSync(path.join(app, 'host/dashboard/index.html')), 'the dashboard ships inside the host package');
    assert.ok(existsSync(path.join(app, 'plugins/kafka/dist/index.js')));
    for (const dev of ['typescript', 'vite', 'tsx', 'vue-tsc', 'playwright-core']) {
      assert.ok(!existsSync(path.join(app, 'node_modules', dev)), `no dev dependency ${dev} in the image`);
    }
    assert.ok(!existsSync(path.join(app, 'dashboard/src')), 'no dashboard sources');
    assert.ok(!existsSync(path.join(app, 'host/test')), 'no tests');
    assert.ok(statSync(path.join(app, 'deploy/docker/entrypoint.sh')).mode & 0o111, 'the entry point is executable');
  });

  it('declares /data, the API port and the settings that go with them', () => {
    assert.deepEqual(image.volumes, ['/data']);
    assert.equal(image.env.MSTREAM_DATA_DIR, '/data');
    assert.equal(image.env.MSTREAM_API_HOST, '0.0.0.0');
    assert.deepEqual(image.expose, [image.env.MSTREAM_API_PORT ?? '8719']);
    assert.equal(image.expose[0], '8719');
    assert.equal(image.stopSignal, 'SIGTERM');
    assert.deepEqual(image.cmd, ['start']);
    assert.ok(image.healthcheck, 'a HEALTHCHECK');
  });

  it('starts with a token: /health and /ready answer 200, the HEALTHCHECK passes, the job runs, SIGTERM drains', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(scratch, 'data-'));
    const config = path.join(scratch, 'mstream-config.toml');
    copyFileSync(path.join(REPO_ROOT, 'examples/quickstart.toml'), config);
    const token = 'image-test-token-0123456789';
    // The image's environment, with what `docker run -e` would override: loopback and a free
    // port instead of 0.0.0.0:8719 (this machine is shared), a scratch folder instead of /data.
    const env = cleanEnv({
      ...image.env, MSTREAM_API_HOST: '127.0.0.1', MSTREAM_API_PORT: String(port), MSTREAM_DATA_DIR: dataDir,
      MSTREAM_API_TOKEN: token, MSTREAM_CONFIG: config, MSTREAM_LOG_LEVEL: 'info',
    });
    const [command, ...args] = [...image.entrypoint!, ...image.cmd!].map((word) => inImage(image, word));
    const child = spawn(command, args, { cwd: path.join(image.root, image.workdir), env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = `http://127.0.0.1:${port}`;
    try {
      await eventually(async () => (await fetch(`${url}/health`)).status === 200, 60_000, `/health 200 (output:\n${output})`);
      await eventually(async () => (await fetch(`${url}/ready`)).status === 200, 60_000, `/ready 200 (output:\n${output})`);

      const [hc, ...hcArgs] = image.healthcheck!.command.map((word) => inImage(image, word));
      const check = spawnSync(hc, hcArgs, { env, encoding: 'utf8', timeout: 10_000 });
      assert.equal(check.status, 0, `HEALTHCHECK: ${check.stderr}`);

      assert.equal((await fetch(`${url}/jobs`)).status, 401, 'the token is required');
      const jobs = await eventually(async () => {
        const list = (await (await fetch(`${url}/jobs`, { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{ name: string; state: string }>;
        return list.find((j) => j.name === 'quickstart-users' && j.state === 'running') && list;
      }, 30_000, 'the quickstart job running');
      assert.equal(jobs.length, 1);
      const plugins = (await (await fetch(`${url}/plugins`, { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{ id: string; status: string }>;
      assert.deepEqual(plugins.filter((p) => p.status === 'loaded').map((p) => p.id).sort(), ['datagen', 'file', 'http', 'kafka', 'mongodb', 'pubsub', 'schema-registry', 'udf']);
      const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
      assert.equal(page.status, 200, 'the dashboard');
      await eventually(() => existsSync(path.join(dataDir, 'out/users.jsonl')), 15_000, 'the job writing into the data folder');
    } finally {
      child.kill(image.stopSignal as NodeJS.Signals);
    }
    assert.equal(await exited, 0, `drained and exited 0 on ${image.stopSignal}:\n${output}`);
    assert.match(output, /shut down cleanly/);
  });
});

function readdir(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
}
