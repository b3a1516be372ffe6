// @requires-services redis
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { utf8 } from '@mstream/sdk';
import { runAcceptance } from '@mstream/sdk/testing';

// The plugin's own dependency (ioredis) lives in its own node_modules, not the repo's: install it
// on first run in a fresh clone (dev dependencies come from the repo root).
const pluginDir = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${pluginDir}/node_modules/ioredis`)) {
  const npm = spawnSync('npm', ['install', '--omit=dev', '--legacy-peer-deps', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: pluginDir, stdio: 'inherit' });
  if (npm.status !== 0) throw new Error('npm install in examples/redis-streams-plugin failed');
}
const { default: plugin } = await import('./index.js');

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `${process.pid}-${Date.now()}`;

runAcceptance(
  {
    plugin,
    provider: 'redis-streams',
    service: () => ({ url: REDIS_URL }),
    brokenService: () => ({ url: 'redis://127.0.0.1:1', connect_timeout_ms: 500 }),
    resource: (testId) => `acceptance:${run}:${testId}`,
    sourceOptions: () => ({ block_ms: 100 }),
    badPayload: () => utf8('{"id": 1, "broken'),
    packageJsonPath: fileURLToPath(new URL('../package.json', import.meta.url)),
    timeouts: { readMs: 5000, caseMs: 15_000 },
  },
  { describe, it, skip: (name) => it.skip(name) },
);
