import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mstream, npm, output } from './cli-helpers.js';

// A new user's first steps, outside the repo: scaffold, install, build, run the acceptance kit.
describe('mstream plugins new', () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'mstream-scaffold-'));
  after(() => rmSync(parent, { recursive: true, force: true }));

  it('creates a plugin package that builds and passes its acceptance test outside the repository', { timeout: 240_000 }, () => {
    const created = mstream(['plugins', 'new', 'acme-thing', '--dir', parent]);
    assert.equal(created.status, 0, output(created));
    const dir = path.join(parent, 'acme-thing');
    assert.match(created.stdout, /npm test/);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'mstream-plugin-acme-thing');
    assert.deepEqual(pkg.mstream.provides, ['service:acme-thing', 'source:acme-thing', 'sink:acme-thing', 'middleware:acme-thing']);
    assert.equal(pkg.peerDependencies['@mstream/sdk'], '^0.1.0');
    assert.match(pkg.devDependencies['@mstream/sdk'], /^file:vendor\/mstream-sdk-0\.1\.0\.tgz$/);
    assert.ok(existsSync(path.join(dir, 'src', 'acme-thing.acceptance.test.ts')));
    assert.match(readFileSync(path.join(dir, 'src', 'index.ts'), 'utf8'), /id: 'acme-thing'/);

    const install = npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir, 180_000);
    assert.equal(install.status, 0, output(install));
    const build = npm(['run', 'build'], dir);
    assert.equal(build.status, 0, output(build));
    assert.ok(existsSync(path.join(dir, 'dist', 'index.js')));
    const test = npm(['test'], dir);
    assert.equal(test.status, 0, output(test));
    assert.match(test.stdout, /source\.resume/);
    assert.match(test.stdout, /# fail 0/);
  });

  it('refuses an id that is not kebab-case and a folder that is not empty', () => {
    const bad = mstream(['plugins', 'new', 'Acme_Thing', '--dir', parent]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /not a valid plugin id/);
    const again = mstream(['plugins', 'new', 'acme-thing', '--dir', parent]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /exists and is not empty/);
  });
});
