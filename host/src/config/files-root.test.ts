import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigValidationError } from '@mstream/sdk';
import { FilesRoot, type Confined } from './files-root.js';

const accepted = (c: Confined) => ('path' in c ? c.path : assert.fail(`refused: ${(c as { problem: string }).problem}`));
const refused = (c: Confined) => ('problem' in c ? c.problem : assert.fail(`accepted as ${c.path}`));

describe('files root', () => {
  let base: string;
  let root: string;
  let outside: string;
  let files: FilesRoot;

  before(async () => {
    // realpath: the temp folder may itself sit behind a symlink (macOS /tmp).
    base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'mstream-files-root-')));
    root = path.join(base, 'root');
    outside = path.join(base, 'outside');
    await mkdir(path.join(root, 'in'), { recursive: true });
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.txt'), 'nope');
    await symlink(outside, path.join(root, 'to-outside'));
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'secret-link.txt'));
    await symlink(path.join(outside, 'not-yet', 'x'), path.join(root, 'dangling'));
    await symlink(path.join(root, 'in'), path.join(root, 'to-inside'));
    files = new FilesRoot(root);
  });
  after(() => rm(base, { recursive: true, force: true }));

  it('resolves a relative path against the root, not the working directory', () => {
    assert.equal(accepted(files.confine('in/out.jsonl')), path.join(root, 'in', 'out.jsonl'));
    assert.notEqual(process.cwd(), root);
  });

  it('accepts the root itself and an absolute path inside it', () => {
    assert.equal(accepted(files.confine('.')), root);
    assert.equal(accepted(files.confine(path.join(root, 'in'))), path.join(root, 'in'));
  });

  it('accepts a folder that does not exist yet, and a symlink that stays inside, as its real path', () => {
    assert.equal(accepted(files.confine('new/deeper')), path.join(root, 'new', 'deeper'));
    assert.equal(accepted(files.confine('to-inside/a.js')), path.join(root, 'in', 'a.js'));
  });

  it('refuses escaping with "..", naming the root and how to widen it', () => {
    const problem = refused(files.confine('../outside'));
    assert.equal(problem, `"../outside" is outside the files root ${root} (set MSTREAM_FILES_ROOT to widen it)`);
    refused(files.confine('in/../../outside/secret.txt'));
  });

  it('refuses an absolute path outside the root', () => {
    assert.match(refused(files.confine('/etc')), /^"\/etc" is outside the files root /);
    refused(files.confine(outside));
  });

  it('refuses an existing file reached through a symlink that leads outside', () => {
    assert.match(refused(files.confine('secret-link.txt')), /is outside the files root .* through a symbolic link/);
    refused(files.confine('to-outside/secret.txt'));
  });

  it('refuses a not-yet-existing child under a symlink that leads outside', () => {
    refused(files.confine('to-outside/new-folder/deeper'));
    // A dangling link would make mkdir -p create its target outside the root.
    refused(files.confine('dangling/child'));
  });

  it('refuses a NUL character instead of letting fs throw', () => {
    assert.match(refused(files.confine('in/a\0b')), /NUL/);
  });

  it('throws a config error naming the field from resolve', () => {
    assert.throws(() => files.resolve('../x', 'spec'), (e) => e instanceof ConfigValidationError && e.issues[0].path === 'spec');
  });

  describe('when the data folder is the root (the default)', () => {
    let data: FilesRoot;
    before(() => {
      data = new FilesRoot(root, { dataDir: root });
    });

    it('refuses the data folder itself, which holds the key and the stores', () => {
      assert.match(refused(data.confine('.')), /is the host's data folder/);
    });

    it('refuses the host\'s own entries: key, stores, plugin folder, their temp files, store backups', () => {
      for (const entry of ['mstream.key', 'services.json', 'jobs.json.123.456.tmp', 'plugins/node_modules/x', 'plugin-data/kafka', 'dead-letters', 'audit.log', 'store-format.json', 'backup-format-1-2030-01-01T00-00-00-000Z/services.json']) {
        assert.match(refused(data.confine(entry)), /host's own state/, entry);
      }
    });

    it('accepts a sub-folder of its own, such as "out"', () => {
      assert.equal(accepted(data.confine('out')), path.join(root, 'out'));
      assert.equal(accepted(data.confine('out/users.jsonl')), path.join(root, 'out', 'users.jsonl'));
    });

    it('MSTREAM_FILES_ROOT moves the root, relative to the working directory', () => {
      const wide = FilesRoot.forDataDir(root, base);
      assert.equal(wide.root, base);
      assert.equal(accepted(wide.confine('outside/secret.txt')), path.join(outside, 'secret.txt'));
      // The data folder stays protected inside a wider root.
      refused(wide.confine('root/mstream.key'));
      assert.equal(FilesRoot.forDataDir(root, 'rel').root, path.resolve('rel'));
    });
  });
});
