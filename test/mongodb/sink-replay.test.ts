// @requires-services kafka mongo
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../../host/test/test-host.js';
import { freePort } from '../http/local-server.js';
import { BROKERS, bareKafka, createTopic, produce, unique } from '../kafka/kafka-helpers.js';
import { MONGO_URI, openDb, uniqueName } from './helpers.js';

// Issue 16, item 2: a replay after a kill must not duplicate documents in MongoDB. The host is
// killed with SIGKILL mid-stream twice, as a crash would, and the Kafka service seeks back an
// hour on every start, so restarts replay what was already written (partitions that reach a
// restarted member only through a later rebalance, while the killed member is still in the
// group, resume from the group's commits instead; the last run replays everything). The documents carry no _id:
// the sink derives one from each event's source identity (or takes `id_field`). A sink with
// id_from_event = false shows what the same replays do without it.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOTAL = 3000;

function config(job: string, topic: string, dbName: string): string {
  const sink = (service: string, collection: string, options = '') =>
    `{ service_name = "${service}", resource = "${collection}", output_encoding = "json"${options ? `, options = { ${options} }` : ''} }`;
  return `[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "${BROKERS}"
offset_seek_back_seconds = 3600
# The killed member leaves the group when its session times out: 6 s (the broker's minimum)
# rather than kafkajs's 30 s, so each kill costs the test seconds, not half a minute.
"session.timeout.ms" = "6000"
"heartbeat.interval.ms" = "1000"

[[services]]
provider = "mongodb"
name = "db"
connection_string = "${MONGO_URI}"
db_name = "${dbName}"
write_mode = "insert"

[[services]]
provider = "mongodb"
name = "db-replace"
connection_string = "${MONGO_URI}"
db_name = "${dbName}"
write_mode = "replace"

[[connectors]]
name = "${job}"
source = { service_name = "kafka", resource = "${topic}", input_encoding = "json", output_encoding = "json" }
sinks = [
  ${sink('db', 'inserted')},
  ${sink('db-replace', 'replaced')},
  ${sink('db', 'keyed', 'id_field = "order.id"')},
  ${sink('db', 'unkeyed', 'id_from_event = false')},
]
batch = { kind = "count", size = 50, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 1000 }
`;
}

/** The host as a user starts it: the CLI, in its own process. */
function startHost(file: string, dataDir: string, port: number): { child: ChildProcess; log: () => string } {
  const child = spawn(process.execPath, ['--conditions=mstream-source', '--import', 'tsx', path.join(root, 'host/src/cli.ts'), 'start', '--config', file, '--port', String(port), '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, MSTREAM_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c));
  child.stderr!.on('data', (c: Buffer) => (log += c));
  return { child, log: () => log };
}

async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('MongoDB sink under replay after SIGKILL', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('leaves exactly one document per message after two kills and replays; without event ids the replays duplicate', { timeout: 240_000 }, async (t) => {
    const kafka = bareKafka();
    const topic = unique('replay-in');
    const job = unique('replay');
    const dbName = uniqueName('mstream_replay');
    const { db, drop } = await openDb(dbName);
    await createTopic(kafka, topic, 3);
    await produce(kafka, topic, Array.from({ length: TOTAL }, (_, i) => ({ key: `k${i % 13}`, value: JSON.stringify({ order: { id: `o-${i}` }, n: i }) })));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-replay-'));
    dirs.push(dir);
    const file = path.join(dir, 'mstream.toml');
    await writeFile(file, config(job, topic, dbName));
    const dataDir = path.join(dir, 'data');
    const count = (collection: string) => db.collection(collection).countDocuments();
    let host: ReturnType<typeof startHost> | undefined;
    try {
      // Two crashes mid-stream, each followed by a start that replays everything from the beginning.
      for (const killAt of [TOTAL / 5, TOTAL / 2]) {
        host = startHost(file, dataDir, await freePort());
        await eventually(async () => (await count('inserted')) >= killAt, 90_000, `${killAt} documents before the kill`).catch((error) => {
          throw new Error(`${(error as Error).message}\n${host!.log().slice(-3000)}`);
        });
        await kill9(host.child);
      }
      const beforeLast = await count('inserted');
      assert.ok(beforeLast < TOTAL, `killed mid-stream (${beforeLast} of ${TOTAL})`);

      const port = await freePort();
      host = startHost(file, dataDir, port);
      // This run starts from the beginning again; it is done once it processed every message.
      const processed = async () => ((await (await fetch(`http://127.0.0.1:${port}/jobs/${job}/metrics`)).json()) as { events_processed: number }).events_processed;
      await eventually(async () => (await processed()) >= TOTAL, 120_000, 'the last run to replay everything').catch((error) => {
        throw new Error(`${(error as Error).message}\n${host!.log().slice(-3000)}`);
      });
      await new Promise((resolve) => setTimeout(resolve, 1500)); // anything late would show now

      for (const collection of ['inserted', 'replaced', 'keyed']) {
        assert.equal(await count(collection), TOTAL, `${collection}: one document per message, no duplicate`);
        const distinct = await db.collection(collection).distinct('n');
        assert.equal(distinct.length, TOTAL, `${collection}: no message lost`);
      }
      const sample = await db.collection('inserted').findOne({ n: 7 });
      assert.match(String(sample!._id), /^[0-9a-f]{32}$/, 'an _id derived from the source identity');
      assert.equal((await db.collection('keyed').findOne({ n: 7 }))!._id, 'o-7', 'id_field gives the _id');
      const unkeyed = await count('unkeyed');
      assert.ok(unkeyed > TOTAL, `the replays were real: without event ids they left ${unkeyed - TOTAL} duplicates`);
      t.diagnostic(`killed at ${beforeLast} of ${TOTAL}; keyed collections ${TOTAL} each; unkeyed ${unkeyed} (${unkeyed - TOTAL} duplicates)`);
    } finally {
      if (host) await kill9(host.child);
      await drop();
    }
  });
});
