import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--conditions=mstream-source', '--import', 'tsx', path.join(root, 'host/src/cli.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}

describe('mstream CLI', () => {
  it('validate exits 2 and lists every problem with its path', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-cli-'));
    const file = path.join(dir, 'bad.toml');
    await writeFile(
      file,
      `[[services]]
provider = "file"
name = "out"

[[connectors]]
name = "a"
source = { service_name = "gen", resource = "x", output_encoding = "json" }
sinks = [{ service_name = "kafka-x", resource = "t", output_encoding = "json" }]
`,
    );
    try {
      const result = cli(['validate', '--config', file]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /3 problems; nothing was started/);
      assert.match(result.stderr, /services\[0\]\.path: is required/);
      assert.match(result.stderr, /connectors\[0\]\.source\.service_name: unknown service "gen"/);
      assert.match(result.stderr, /connectors\[0\]\.sinks\[0\]\.service_name: unknown service "kafka-x"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('validate accepts the quickstart', () => {
    const result = cli(['validate', '--config', 'examples/quickstart.toml']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /valid \(2 services, 1 connectors\)/);
  });

  it('plugins list shows the built-in plugins', () => {
    const result = cli(['plugins', 'list']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /✓ datagen@0\.1\.0/);
    assert.match(result.stdout, /✓ file@0\.1\.0/);
  });

  it('prints help and refuses an unknown command', () => {
    assert.match(cli(['--help']).stdout, /mstream start \[--config PATH\]/);
    assert.equal(cli(['frobnicate']).status, 2);
  });
});
