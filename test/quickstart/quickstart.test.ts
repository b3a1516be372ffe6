import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../../host/test/test-host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const builtCli = path.join(root, 'host/dist/cli.js');

/** Starts the real CLI (the built one when present, as `npm start` runs it) and finds its URL in the log. */
function startCli(config: string, dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const args = existsSync(builtCli)
    ? [builtCli, 'start', '--config', config]
    : ['--conditions=mstream-source', '--import', 'tsx', path.join(root, 'host/src/cli.ts'), 'start', '--config', config];
  const child = spawn(process.execPath, args, { cwd: dataDir, env: { ...process.env, MSTREAM_DATA_DIR: path.join(dataDir, 'data'), MSTREAM_API_PORT: '0', MSTREAM_LOG_LEVEL: 'info' } });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${output}`)));
  });
}

async function stopCli(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

const json = async (url: string) => (await fetch(url)).json() as Promise<any>;

describe('quickstart', () => {
  it('runs datagen → file on the embedded store, grows its metrics and output, and resumes after a restart', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-quickstart-'));
    const outFile = path.join(dir, 'data/out/users.jsonl');
    const config = path.join(dir, 'quickstart.toml');
    // Unchanged but for the rate: paths in the file resolve inside the data folder (the files root).
    const text = (await readFile(path.join(root, 'examples/quickstart.toml'), 'utf8')).replace('rate = 5', 'rate = 50');
    await writeFile(config, text);
    try {
      const first = await startCli(config, dir);
      const job = await eventually(async () => (await json(`${first.url}/jobs`)).find((j: { name: string; state: string }) => j.name === 'quickstart-users' && j.state === 'running'), 15_000, 'quickstart job running');
      assert.deepEqual(job.linked_services, ['demo-generator', 'local-files']);
      const m1 = await eventually(async () => {
        const m = await json(`${first.url}/jobs/quickstart-users/metrics`);
        return m.events_processed >= 20 ? m : undefined;
      }, 15_000, 'events processed');
      const m2 = await eventually(async () => {
        const m = await json(`${first.url}/jobs/quickstart-users/metrics`);
        return m.events_processed > m1.events_processed ? m : undefined;
      }, 10_000, 'metrics growing');
      assert.ok(m2.throughput_per_second > 0);
      assert.equal((await json(`${first.url}/health`)).status, 'healthy');
      assert.equal(await stopCli(first.child), 0, first.output());

      const before = (await readFile(outFile, 'utf8')).trim().split('\n');
      assert.ok(before.length >= 20);
      for (const line of before) assert.match(JSON.parse(line).email, /@/);

      const second = await startCli(config, dir);
      await eventually(async () => (await readFile(outFile, 'utf8')).trim().split('\n').length >= before.length + 20, 15_000, 'output growing after restart');
      const checkpoints = await json(`${second.url}/jobs/quickstart-users/checkpoints`);
      assert.ok(checkpoints.length > 0);
      assert.equal(await stopCli(second.child), 0, second.output());

      const after = (await readFile(outFile, 'utf8')).trim().split('\n');
      const ids = after.map((line) => JSON.parse(line)._id);
      assert.equal(new Set(ids).size, ids.length, 'the restarted job continued after its checkpoint instead of starting over');
      assert.deepEqual(after.slice(0, before.length), before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
