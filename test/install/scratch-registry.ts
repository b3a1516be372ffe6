import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../plugins/cli-helpers.js';
import { freePort } from '../../host/test/test-host.js';
export { freePort };

/** The shared test registry (scripts/services/verdaccio): the scratch one proxies to it. */
export const SHARED_REGISTRY = 'http://127.0.0.1:4873';

export interface ScratchRegistry {
  url: string;
  /** An npmrc with a publish token for `url`. */
  npmrc: string;
  stop(): Promise<void>;
}


/**
 * A verdaccio with an empty storage in `dir`, so every run publishes and installs this
 * checkout's packages at their real versions (the shared registry keeps what earlier runs
 * published, and a release skips versions a registry already has). Our packages are local only;
 * everything else is proxied to the shared registry, which caches the public npm packages
 * across runs. Uses the verdaccio that `up.sh verdaccio` installed.
 */
export async function startScratchRegistry(dir: string): Promise<ScratchRegistry> {
  const services = process.env.MSTREAM_SERVICES_DIR ?? path.join(REPO_ROOT, '.services');
  const bin = path.join(services, 'verdaccio/app/node_modules/verdaccio/bin/verdaccio');
  if (!existsSync(bin)) throw new Error(`verdaccio is not installed at ${bin}: run \`bash scripts/services/up.sh verdaccio\``);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  mkdirSync(path.join(dir, 'storage'), { recursive: true });
  const local = `{ access: $all, publish: $authenticated, unpublish: $authenticated }`;
  writeFileSync(path.join(dir, 'config.yaml'), `storage: ${path.join(dir, 'storage')}
auth: { htpasswd: { file: ${path.join(dir, 'htpasswd')}, max_users: 10 } }
uplinks: { shared: { url: ${SHARED_REGISTRY}/, timeout: 120s, max_fails: 10 } }
packages:
  'mstream': ${local}
  '@mstream/*': ${local}
  'mstream-plugin-*': ${local}
  '**': { access: $all, publish: $authenticated, proxy: shared }
server: { keepAliveTimeout: 60 }
listen: 127.0.0.1:${port}
log: { type: stdout, format: pretty, level: warn }
`);
  const child: ChildProcess = spawn(process.execPath, ['--max-old-space-size=256', bin, '--config', path.join(dir, 'config.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}:\n${log}`);
      if (await fetch(`${url}/-/ping`).then((r) => r.ok, () => false)) break;
      if (Date.now() > deadline) throw new Error(`verdaccio did not answer on ${url}:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const user = `release${Date.now()}`;
    const res = await fetch(`${url}/-/user/org.couchdb.user:${user}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: user, password: `pw-${user}-secret` }),
    });
    const { token } = (await res.json()) as { token?: string };
    if (!token) throw new Error(`the scratch registry gave no token (HTTP ${res.status})`);
    const npmrc = path.join(dir, 'npmrc');
    writeFileSync(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    return { url, npmrc, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
