import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';
import { mstream, output, REPO_ROOT } from '../plugins/cli-helpers.js';

describe('mstream init', () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'mstream-init-'));
  after(() => rmSync(parent, { recursive: true, force: true }));

  it('writes a starter config into an empty folder that validates and says what the quickstart says', () => {
    const dir = path.join(parent, 'fresh');
    const init = mstream(['init', '--dir', dir], {}, parent);
    assert.equal(init.status, 0, output(init));
    const file = path.join(dir, 'mstream-config.toml');
    assert.match(init.stdout, /mstream start/);
    // Same services, connector and options as examples/quickstart.toml; only the comments differ.
    assert.deepEqual(parse(readFileSync(file, 'utf8')), parse(readFileSync(path.join(REPO_ROOT, 'examples/quickstart.toml'), 'utf8')));
    // Validated where a user would run it: in that folder, with its own ./data as the files root.
    const valid = mstream(['validate', '--config', 'mstream-config.toml'], {}, dir);
    assert.equal(valid.status, 0, output(valid));
  });

  it('refuses to overwrite an existing file: exit code 2 naming it, nothing written', () => {
    const dir = mkdtempSync(path.join(parent, 'taken-'));
    writeFileSync(path.join(dir, 'mstream-config.toml'), '# mine\n');
    const init = mstream(['init'], {}, dir);
    assert.equal(init.status, 2, output(init));
    assert.match(init.stderr, /mstream-config\.toml already exists/);
    assert.equal(readFileSync(path.join(dir, 'mstream-config.toml'), 'utf8'), '# mine\n');
  });

  it('takes only --dir', () => {
    const init = mstream(['init', '--force'], {}, parent);
    assert.equal(init.status, 2, output(init));
    assert.match(init.stderr, /unknown option "--force" for "mstream init"/);
    assert.equal(existsSync(path.join(parent, 'mstream-config.toml')), false);
  });
});
