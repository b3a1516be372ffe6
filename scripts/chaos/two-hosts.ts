import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { BROKERS, bareKafka, createTopic, produce, readTopic, unique } from '../../test/kafka/kafka-helpers.js';
import { MONGO_URI } from '../../test/mongodb/helpers.js';
import { ChaosFailure, HostProcess, check, n, waitFor, withTempDir, type Mode, type Row } from './lib.js';

const LEASE_TTL_MS = 3000;

/**
 * Both hosts read the same file: jobs, checkpoints and leases on one MongoDB database, a change-stream
 * job (exclusive: one host at a time, through the lease) and a Kafka job (one consumer group: both
 * hosts, the partitions split). A short Kafka session, so a killed member is evicted in ~6 s.
 */
function config(db: string, names: { cs: string; kj: string; orders: string; csOut: string; kIn: string; kOut: string; group: string }): string {
  return `[system.job_lifecycle]
service_name = "sysdb"
resource = "jobs"
startup_state = "seed_from_file"

[system.checkpoints]
service_name = "sysdb"
resource = "checkpoints"

[system.leases]
ttl_ms = ${LEASE_TTL_MS}

[[services]]
provider = "mongodb"
name = "sysdb"
connection_string = "${MONGO_URI}"
db_name = "${db}"

[[services]]
provider = "mongodb"
name = "app"
connection_string = "${MONGO_URI}"
db_name = "${db}"

[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "${BROKERS}"
"session.timeout.ms" = "6000"
"heartbeat.interval.ms" = "1000"

[[connectors]]
name = "${names.cs}"
source = { service_name = "app", resource = "${names.orders}", output_encoding = "bson" }
sinks = [{ service_name = "kafka", resource = "${names.csOut}", output_encoding = "json" }]
batch = { kind = "count", size = 50, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 200 }

[[connectors]]
name = "${names.kj}"
source = { service_name = "kafka", resource = "${names.kIn}", input_encoding = "json", output_encoding = "json", options = { group_id = "${names.group}" } }
sinks = [{ service_name = "kafka", resource = "${names.kOut}", output_encoding = "json" }]
batch = { kind = "count", size = 50, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 200 }
retry = { initial_backoff_ms = 100, max_backoff_ms = 1000 }
`;
}

/** Distinct ids, total, lost (of 0..total-1) and duplicates among the copies' `field` values. */
function tally(values: number[], total: number) {
  const distinct = new Set(values);
  let lost = 0;
  for (let i = 0; i < total; i++) if (!distinct.has(i)) lost++;
  return { unique: distinct.size, total: values.length, lost, duplicates: values.length - distinct.size };
}

/**
 * Two hosts sharing a MongoDB job store; kill -9 the one holding the change-stream job's lease
 * while both jobs are moving data: the other host must take the lease within its TTL and resume
 * after the last checkpoint, and the Kafka group must give it the dead member's partitions.
 */
export async function twoHostsTakeover(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const perPhase = mode.quick ? 600 : 3000;
  const total = perPhase * 2;
  const kafka = bareKafka();
  const db = unique('chaos_two_hosts').replace(/-/g, '_');
  const names = { cs: unique('chaos-cs'), kj: unique('chaos-kj'), orders: 'orders', csOut: unique('chaos-cs-out'), kIn: unique('chaos-k-in'), kOut: unique('chaos-k-out'), group: unique('chaos-group') };
  await createTopic(kafka, names.csOut, 1);
  await createTopic(kafka, names.kIn, 3);
  await createTopic(kafka, names.kOut, 3);
  const mongo = await MongoClient.connect(MONGO_URI);
  const orders = mongo.db(db).collection<{ _id: number; id: number }>(names.orders);
  await orders.insertOne({ _id: -1, id: -1 }); // the collection exists before the stream opens
  const admin = kafka.admin();
  await admin.connect();
  let inserted = 0;
  const insertPhase = async (from: number) => {
    for (let i = from; i < from + perPhase; i += 100, inserted = i) {
      await orders.insertMany(Array.from({ length: 100 }, (_, j) => ({ _id: i + j, id: i + j })));
      await produce(kafka, names.kIn, Array.from({ length: 100 }, (_, j) => ({ key: `k${(i + j) % 17}`, value: JSON.stringify({ id: i + j }) })));
      await new Promise((r) => setTimeout(r, 50)); // a stream, not one burst
    }
  };
  try {
    return await withTempDir('two-hosts', async (dir) => {
      const hostDirs = ['a', 'b'].map((h) => path.join(dir, h));
      for (const d of hostDirs) await mkdir(d);
      const text = config(db, names);
      const a = await HostProcess.create(hostDirs[0], text);
      const b = await HostProcess.create(hostDirs[1], text);
      const owner = async (host: HostProcess) => (await host.request('GET', `/jobs/${names.cs}`)).body?.owner as string | undefined;
      try {
        a.start({ MSTREAM_HOST_ID: 'chaos-host-a' });
        await a.ready();
        check(await waitFor(async () => (await owner(a)) === 'chaos-host-a', 15_000, 100), `host A never took the change-stream lease:\n${a.tail()}`);
        b.start({ MSTREAM_HOST_ID: 'chaos-host-b' });
        await b.ready();
        const stable = await waitFor(async () => {
          const { groups } = await admin.describeGroups([names.group]);
          return groups[0]?.state === 'Stable' && groups[0].members.length === 2;
        }, 45_000, 250);
        check(stable, `the Kafka job's group never had both hosts as members:\n${b.tail()}`);
        check((await owner(b)) === 'chaos-host-a', 'host B should stand by for the change-stream job');

        await insertPhase(0);
        // Kill A mid-stream: while it owns the lease and events keep arriving for both jobs.
        const writer = insertPhase(perPhase);
        await waitFor(() => inserted >= perPhase + perPhase / 3, 60_000, 20);
        const killedAt = Date.now();
        await a.kill9();
        const tookOver = await waitFor(async () => (await owner(b)) === 'chaos-host-b', LEASE_TTL_MS * 4 + 5000, 100);
        const takeoverMs = Date.now() - killedAt;
        check(tookOver, `host B did not take the change-stream lease within ${LEASE_TTL_MS * 4 + 5000} ms of the kill:\n${b.tail()}`);
        await writer;

        const csCopies = await readTopic(kafka, names.csOut, total, 60_000, 3000);
        const kCopies = await readTopic(kafka, names.kOut, total, 60_000, 3000);
        const cs = tally(csCopies.map((m) => (JSON.parse(m.value!) as { id: number }).id).filter((id) => id >= 0), total);
        const kj = tally(kCopies.map((m) => (JSON.parse(m.value!) as { id: number }).id), total);
        const { groups } = await admin.describeGroups([names.group]);
        const members = groups[0]?.members.length ?? 0;
        await b.stop();
        const setup = `2 hosts, jobs/checkpoints/leases on MongoDB (lease TTL ${LEASE_TTL_MS / 1000} s); change stream → Kafka (exclusive) and Kafka → Kafka (one group, 3 partitions, session 6 s); ${n(total)} events each, kill -9 of the lease owner mid-stream (after ~${n(perPhase + perPhase / 3)} written)`;
        const figures =
          `change stream: unique ${n(cs.unique)}, total ${n(cs.total)}, lost ${cs.lost}, duplicates ${cs.duplicates}, taken over in ${(takeoverMs / 1000).toFixed(1)} s; ` +
          `Kafka: unique ${n(kj.unique)}, total ${n(kj.total)}, lost ${kj.lost}, duplicates ${kj.duplicates}, ${members} member(s) left in the group`;
        const reasons: string[] = [];
        if (cs.lost > 0) reasons.push(`${cs.lost} change events lost`);
        if (kj.lost > 0) reasons.push(`${kj.lost} Kafka messages lost`);
        if (takeoverMs > LEASE_TTL_MS * 3) reasons.push(`takeover took ${takeoverMs} ms (> 3 × TTL)`);
        return { scenario: 'two hosts, kill -9 of one', setup, figures, ok: reasons.length === 0, reason: reasons.join(', ') };
      } catch (error) {
        if (error instanceof ChaosFailure) throw error;
        throw new ChaosFailure(`${(error as Error).message}\nA: ${a.tail(1500)}\nB: ${b.tail(1500)}`);
      } finally {
        await a.kill9();
        await b.kill9();
      }
    });
  } finally {
    await admin.disconnect();
    await mongo.db(db).dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}
