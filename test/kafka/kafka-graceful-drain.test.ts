// @requires-services kafka
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, freePort } from '../../host/test/test-host.js';
import { BROKERS, bareKafka, clientTomlLine, createTopic, produce, readTopic, topicSize, unique } from './kafka-helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOTAL = 20_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;


function config(job: string, from: string, to: string): string {
  return `[system]
shutdown_timeout_ms = ${SHUTDOWN_TIMEOUT_MS}

[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "${BROKERS}"
${clientTomlLine()}

[[connectors]]
name = "${job}"
source = { service_name = "kafka", resource = "${from}", input_encoding = "json", output_encoding = "json" }
sinks = [{ service_name = "kafka", resource = "${to}", output_encoding = "json" }]
batch = { kind = "count", size = 20, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 5000 }
`;
}

/** The host as a user starts it: the CLI, in its own process. */
function startHost(file: string, dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, ['--conditions=mstream-source', '--import', 'tsx', path.join(root, 'host/src/cli.ts'), 'start', '--config', file, '--port', String(port), '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, MSTREAM_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('SIGTERM in the middle of a Kafka → Kafka job', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('drains and exits 0 within the shutdown timeout, /ready turns 503, and the restart replays nothing', async () => {
    const kafka = bareKafka();
    const from = unique('drain-in');
    const to = unique('drain-out');
    const job = unique('drain');
    await createTopic(kafka, from, 3);
    await createTopic(kafka, to, 3);
    await produce(kafka, from, Array.from({ length: TOTAL }, (_, i) => ({ key: `k${i % 31}`, value: JSON.stringify({ id: i }) })));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-drain-'));
    dirs.push(dir);
    const file = path.join(dir, 'mstream.toml');
    await writeFile(file, config(job, from, to));
    const dataDir = path.join(dir, 'data');
    const port = await freePort();

    const first = startHost(file, dataDir, port);
    let log = '';
    first.stdout!.on('data', (c: Buffer) => (log += c));
    first.stderr!.on('data', (c: Buffer) => (log += c));
    const exited = new Promise<number | null>((resolve) => first.once('exit', (code) => resolve(code)));
    try {
      await eventually(async () => (await topicSize(kafka, to)) >= 1000, 60_000, 'the job to copy some messages');
      const signalledAt = Date.now();
      first.kill('SIGTERM');
      const ready = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined);
      if (ready) assert.equal(ready.status, 503, 'not ready while draining');
      const code = await exited;
      const took = Date.now() - signalledAt;
      assert.equal(code, 0, log.slice(-3000));
      assert.ok(took < SHUTDOWN_TIMEOUT_MS, `drained in ${took} ms`);
      assert.match(log, /shut down cleanly/);
    } finally {
      if (first.exitCode === null) first.kill('SIGKILL');
    }
    const delivered = await topicSize(kafka, to);
    assert.ok(delivered < TOTAL, `stopped mid-stream (${delivered} of ${TOTAL} copied)`);

    const second = startHost(file, dataDir, port);
    let secondLog = '';
    second.stdout!.on('data', (c: Buffer) => (secondLog += c));
    second.stderr!.on('data', (c: Buffer) => (secondLog += c));
    // Registered now: a host that ended early must not leave the cleanup waiting for an exit that already happened.
    const secondExited = new Promise((resolve) => second.once('exit', resolve));
    try {
      const got = await readTopic(kafka, to, TOTAL, 90_000, 1500).catch((error: Error) => {
        throw new Error(`${error.message}; restarted host ${second.exitCode === null ? 'running' : `exited ${second.exitCode}`}: ${secondLog.slice(-3000)}`);
      });
      const ids = got.map((m) => (JSON.parse(m.value!) as { id: number }).id);
      const distinct = new Set(ids);
      assert.equal(distinct.size, TOTAL, 'every message arrives');
      assert.equal(ids.length, TOTAL, `the restart replays nothing (${ids.length - distinct.size} duplicates after a drain at ${delivered})`);
    } finally {
      if (second.exitCode === null && second.signalCode === null) second.kill('SIGTERM');
      await secondExited;
    }
  });
});
