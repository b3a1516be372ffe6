import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test-host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = ['--conditions=mstream-source', '--import', 'tsx', path.join(root, 'host/src/cli.ts')];

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [...CLI, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
}


describe('a strict CLI', () => {
  it('prints the usage to stderr and exits 2 for unknown commands, unknown flags, missing values and extra arguments', () => {
    for (const args of [['frobnicate'], ['start', '--prot', '9000'], ['start', '--port'], ['start', 'extra'], ['validate', '--watch'], ['plugins', 'add', 'x', '--force'], ['plugins', 'zap'], ['start', '--port', 'abc'], []]) {
      const result = cli(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /Usage:\n  mstream start/, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
    }
    assert.match(cli(['start', '--prot', '9000']).stderr, /unknown option "--prot" for "mstream start"/);
    assert.equal(cli(['--help']).status, 0);
  });

  it('start --port, --host and --data-dir win over the environment', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-cli-flags-'));
    const port = await freePort();
    const child = spawn(process.execPath, [...CLI, 'start', '--port', String(port), '--host', '127.0.0.1', `--data-dir=${dataDir}`], {
      cwd: root,
      env: { ...process.env, MSTREAM_API_PORT: '1', MSTREAM_API_HOST: '0.0.0.0', MSTREAM_DATA_DIR: path.join(dataDir, 'not-this'), MSTREAM_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    try {
      const deadline = Date.now() + 30_000;
      // /health answers while the host starts; /ready once its stores are open.
      let ready: Response | undefined;
      while (ready?.status !== 200 && Date.now() < deadline) {
        ready = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined);
        if (ready?.status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(ready?.status, 200, stderr);
      assert.ok(existsSync(path.join(dataDir, 'mstream.key')), 'the data dir is the flag\'s');
      assert.ok(!existsSync(path.join(dataDir, 'not-this')), 'not the environment\'s');
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('exits 2 before anything starts when a TLS file or token file cannot be read', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-cli-tls-'));
    try {
      const tls = cli(['start', '--data-dir', path.join(dataDir, 'data')], { MSTREAM_TLS_CERT: '/nonexistent/cert.pem', MSTREAM_TLS_KEY: '/nonexistent/key.pem' });
      assert.equal(tls.status, 2, tls.stderr);
      assert.match(tls.stderr, /MSTREAM_TLS_CERT: cannot read \/nonexistent\/cert\.pem/);
      assert.match(tls.stderr, /MSTREAM_TLS_KEY: cannot read/);
      const token = cli(['start', '--data-dir', path.join(dataDir, 'data')], { MSTREAM_API_TOKEN_FILE: '/nonexistent/token' });
      assert.equal(token.status, 2, token.stderr);
      assert.match(token.stderr, /MSTREAM_API_TOKEN_FILE: cannot read/);
      assert.ok(!existsSync(path.join(dataDir, 'data')), 'nothing was started: no data dir made');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
