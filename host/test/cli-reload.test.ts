import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, freePort } from './test-host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');


function config(dir: string, jobs: string[]): string {
  const services = `[[services]]\nprovider = "datagen"\nname = "gen"\n\n[[services]]\nprovider = "file"\nname = "out"\npath = "${dir}/out"\n`;
  return [
    services,
    ...jobs.map((name) => `[[connectors]]\nname = "${name}"\nsource = { service_name = "gen", resource = "users", output_encoding = "json", options = { rate = 20, count = 5 } }\nsinks = [{ service_name = "out", resource = "${name}.jsonl", output_encoding = "json" }]`),
  ].join('\n\n');
}

describe('mstream start and the config file', () => {
  it('applies an edit on SIGHUP, and by itself with --watch', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-cli-reload-'));
    const file = path.join(dir, 'mstream.toml');
    await writeFile(file, config(dir, ['one']));
    const port = await freePort();
    const start = (args: string[]) =>
      spawn(process.execPath, ['--conditions=mstream-source', '--import', 'tsx', path.join(root, 'host/src/cli.ts'), 'start', '--config', file, ...args], {
        cwd: root,
        env: { ...process.env, MSTREAM_API_PORT: String(port), MSTREAM_DATA_DIR: path.join(dir, 'data'), MSTREAM_FILES_ROOT: dir, MSTREAM_LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      });
    const jobs = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/jobs`).catch(() => undefined);
      return res?.ok ? ((await res.json()) as Array<{ name: string }>).map((j) => j.name).sort() : undefined;
    };
    const stop = async (child: ReturnType<typeof start>) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    };
    let child = start([]);
    try {
      await eventually(async () => (await jobs())?.join() === 'one', 30_000, 'the host runs job one');
      await writeFile(file, config(dir, ['one', 'two']));
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(await jobs(), ['one'], 'without --watch an edit waits for SIGHUP');
      child.kill('SIGHUP');
      await eventually(async () => (await jobs())?.join() === 'one,two', 10_000, 'job two after SIGHUP');
      await stop(child);

      child = start(['--watch']);
      await eventually(async () => (await jobs())?.length === 2, 30_000, 'the host is back');
      await writeFile(file, config(dir, ['one', 'two', 'three']));
      await eventually(async () => (await jobs())?.join() === 'one,three,two', 10_000, 'job three from the watched edit');
    } finally {
      await stop(child);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
