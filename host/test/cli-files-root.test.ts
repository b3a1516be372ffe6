import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function validate(file: string, env: Record<string, string>) {
  const { MSTREAM_FILES_ROOT: _inherited, ...inherited } = process.env;
  return spawnSync(process.execPath, ['--conditions=mstream-source', '--import', 'tsx', path.join(root, 'host/src/cli.ts'), 'validate', '--config', file], {
    cwd: root,
    encoding: 'utf8',
    env: { ...inherited, ...env },
    timeout: 60_000,
  });
}

const CONFIG = `[[services]]
provider = "file"
name = "out"
path = "/etc"

[[services]]
provider = "udf"
name = "scripts"
script_path = "../scripts"

[[services]]
provider = "datagen"
name = "gen"

[[connectors]]
name = "a"
source = { service_name = "gen", resource = "users", output_encoding = "json", options = { schema_file = "schemas/user.json" } }
sinks = [{ service_name = "out", resource = "users.jsonl", output_encoding = "json" }]
`;

describe('mstream validate and the files root', () => {
  it('exits 2 naming every path option outside the files root, and passes once MSTREAM_FILES_ROOT widens it', async () => {
    const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'mstream-cli-files-root-')));
    const file = path.join(dir, 'paths.toml');
    const data = path.join(dir, 'data');
    await writeFile(file, CONFIG);
    try {
      const refused = validate(file, { MSTREAM_DATA_DIR: data });
      assert.equal(refused.status, 2, refused.stderr);
      assert.match(refused.stderr, /2 problems; nothing was started/);
      assert.match(refused.stderr, new RegExp(`services\\[0\\]\\.path: "/etc" is outside the files root ${data} \\(set MSTREAM_FILES_ROOT to widen it\\)`));
      assert.match(refused.stderr, /services\[1\]\.script_path: "\.\.\/scripts" is outside the files root/);
      assert.doesNotMatch(refused.stderr, /schema_file/, 'a relative path inside the root is fine even before the file exists');

      const widened = validate(file, { MSTREAM_DATA_DIR: data, MSTREAM_FILES_ROOT: '/' });
      assert.equal(widened.status, 0, widened.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
