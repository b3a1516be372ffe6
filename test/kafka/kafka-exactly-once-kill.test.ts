// @requires-services kafka
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../../host/test/test-host.js';
import { BROKERS, bareKafka, clientTomlLine, createTopic, produce, readTopic, unique, withAdmin } from './kafka-helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOTAL = 20_000;
const KILLS = 3;
/** Each run copies at least this many more messages before it is killed. */
const STEP = 2500;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// A short session: the member a SIGKILL leaves behind is evicted after 6 s (the broker's minimum),
// not 30 s, before the restarted host's consumer gets the partitions.
function config(job: string, from: string, to: string): string {
  return `[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "${BROKERS}"
${clientTomlLine()}
"session.timeout.ms" = "6000"
"heartbeat.interval.ms" = "1000"

[[connectors]]
name = "${job}"
delivery = "exactly_once"
source = { service_name = "kafka", resource = "${from}", input_encoding = "json", output_encoding = "json" }
sinks = [{ service_name = "kafka", resource = "${to}", output_encoding = "json", options = { key_field = "key" } }]
batch = { kind = "count", size = 100, max_wait_ms = 20 }
retry = { initial_backoff_ms = 100, max_backoff_ms = 1000 }
`;
}

/** The host as a user starts it: the CLI, in its own process. */
function startHost(file: string, dataDir: string, port: number, log: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=mstream-source', '--import', 'tsx', path.join(root, 'host/src/cli.ts'), 'start', '--config', file, '--port', String(port), '--data-dir', dataDir], {
    cwd: root,
    // No MSTREAM_HOST_ID: the host id comes from the data dir, the same for every run.
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'MSTREAM_HOST_ID')), MSTREAM_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => log.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => log.push(c.toString()));
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('exactly-once Kafka → Kafka, the host killed with SIGKILL mid-stream', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(`leaves exactly ${TOTAL} messages for a read_committed reader after ${KILLS} kills and restarts on the same data dir`, async (t) => {
    const started = Date.now();
    const kafka = bareKafka();
    const from = unique('eo-kill-in');
    const to = unique('eo-kill-out');
    const job = unique('eo-kill');
    await createTopic(kafka, from, 3);
    await createTopic(kafka, to, 3);
    await produce(kafka, from, Array.from({ length: TOTAL }, (_, i) => ({ key: `k${i % 31}`, value: JSON.stringify({ id: i, key: `k${i % 31}` }) })));
    const committed = () =>
      withAdmin(kafka, async (admin) => {
        const [entry] = await admin.fetchOffsets({ groupId: `mstream-${job}`, topics: [from] });
        return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      });

    const dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-eo-kill-'));
    dirs.push(dir);
    const file = path.join(dir, 'mstream.toml');
    await writeFile(file, config(job, from, to));
    const dataDir = path.join(dir, 'data');
    const port = await freePort();
    const log: string[] = [];

    const killedAt: number[] = [];
    for (let run = 0; run < KILLS; run++) {
      const before = await committed();
      const child = startHost(file, dataDir, port, log);
      children.push(child);
      try {
        await eventually(async () => (await committed()) >= before + STEP, 45_000, `run ${run + 1} to commit ${STEP} more offsets (from ${before})`);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- host log ---\n${log.join('').slice(-4000)}`);
      }
      child.kill('SIGKILL');
      await exited(child);
      killedAt.push(await committed());
    }
    t.diagnostic(`killed after ${killedAt.join(', ')} committed offsets; ${Math.round((Date.now() - started) / 1000)} s so far`);
    assert.ok(killedAt[KILLS - 1] < TOTAL, `every kill was mid-stream (${killedAt.join(', ')} of ${TOTAL})`);
    const hostId = (await readFile(path.join(dataDir, 'host-id'), 'utf8')).trim();
    assert.ok(hostId.length > 0, 'the data dir keeps the host id the transactional.id is made of');

    const last = startHost(file, dataDir, port, log);
    children.push(last);
    try {
      await eventually(async () => (await committed()) === TOTAL, 60_000, 'the last run to commit every offset');
      const got = await readTopic(kafka, to, TOTAL, 30_000, 1500, 'read_committed');
      const ids = got.map((m) => (JSON.parse(m.value!) as { id: number }).id);
      const distinct = new Set(ids);
      const missing = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !distinct.has(i));
      assert.deepEqual(missing.slice(0, 20), [], `no message may be lost (${missing.length} missing)`);
      assert.equal(ids.length, TOTAL, `no duplicate for a read_committed reader (${ids.length - distinct.size} duplicates)`);
      // What the kills left behind: aborted transactions, visible only when reading uncommitted.
      const raw = await readTopic(kafka, to, TOTAL, 10_000, 1000, 'read_uncommitted');
      t.diagnostic(`read_uncommitted sees ${raw.length} messages (${raw.length - TOTAL} from aborted transactions); transactional.id mstream-${hostId}-${job}`);
      assert.match(log.join(''), new RegExp(`mstream-${hostId.replace(/[.]/g, '\\.')}-${job}`), 'every run used the same transactional.id');
    } finally {
      last.kill('SIGTERM');
      await Promise.race([exited(last), new Promise((r) => setTimeout(r, 15_000))]);
    }
    t.diagnostic(`total ${Math.round((Date.now() - started) / 1000)} s`);
  });
});
