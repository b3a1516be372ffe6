import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { npm, output, REPO_ROOT } from '../plugins/cli-helpers.js';

/** As `npm()`, for npx: a user's shell, without the npm_* variables of the `npm test` around us. */
function run(cmd: string, args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE_OPTIONS' && k !== 'NODE_TEST_CONTEXT'));
  return spawnSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8', env, timeout: 60_000 });
}

const VERSION = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version as string;

// Needs the build (`npm test` runs it first): npx runs the built CLI, as a user's shell would.
describe('npx mstream from the repository root', () => {
  it('runs the workspace\'s own mstream command and prints the host, SDK and plugin versions', () => {
    // `--no-install` (not `--no`, which npm 11 reads as taking `mstream` as its value): run the workspace's bin or fail; never fetch a package named mstream from a registry.
    const result = run('npx', ['--no-install', 'mstream', '--version']);
    assert.equal(result.status, 0, output(result));
    const plugins = ['datagen', 'file', 'http', 'kafka', 'mongodb', 'pubsub', 'schema-registry', 'udf'].map((p) => `${p} ${VERSION}`).join(', ');
    assert.equal(result.stdout.trim(), `mstream ${VERSION} (sdk ${VERSION}; plugins: ${plugins})`);
  });

  it('every package agrees on the version (scripts/release/check-versions.mjs)', () => {
    const result = npm(['run', 'check:versions', '--silent'], REPO_ROOT);
    assert.equal(result.status, 0, output(result));
  });
});
