import path from 'node:path';
import { EMULATOR, PROJECT, barePubSub, publish, topicWithSubscription, unique } from '../../test/pubsub/pubsub-helpers.js';
import { readSink, tally } from './file-sink.js';
import { killMidStream } from './kill-loop.js';
import { ChaosFailure, HostProcess, check, n, sleep, waitFor, withTempDir, type Mode, type Row } from './lib.js';

const BATCH = 50;
// The source's default: 4 × the batch size may be received and not yet acked. What a kill leaves
// at the sink unacked is about that much (plus the acks the client had not sent yet, ≤ 100 ms).
const OUTSTANDING = 4 * BATCH;
// Pub/Sub's minimum lease: what a killed host held comes back after at most this long.
const ACK_DEADLINE_S = 10;

function config(job: string, subscription: string): string {
  return `[[services]]
provider = "pubsub"
name = "ps"
project_id = "${PROJECT}"
emulator_host = "${EMULATOR}"

[[services]]
provider = "file"
name = "out"
path = "out"

[[connectors]]
name = "${job}"
source = { service_name = "ps", resource = "${subscription}", input_encoding = "json", output_encoding = "json", options = { ack_deadline_seconds = ${ACK_DEADLINE_S} } }
sinks = [{ service_name = "out", resource = "messages.jsonl", output_encoding = "json" }]
batch = { kind = "count", size = ${BATCH}, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 200 }
retry = { initial_backoff_ms = 100, max_backoff_ms = 1000 }
`;
}

/**
 * kill -9 while a job drains a Pub/Sub emulator subscription (every message published up front)
 * into a file sink. A message is acked only after the sink confirmed it, so what the killed host
 * held is redelivered once its lease runs out.
 */
export async function killPubSubToFile(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const kills = mode.quick ? 2 : 3;
  const count = mode.quick ? 2000 : 10_000;
  const step = Math.floor(count / 6);
  const client = barePubSub();
  const id = unique('chaos-pubsub');
  try {
    const { topic, subscription } = await topicWithSubscription(client, id, ACK_DEADLINE_S);
    const expected = new Set(Array.from({ length: count }, (_, i) => `p${i}`));
    // In chunks of 1000, each chunk all at once (publishing one by one is slow on the emulator).
    for (let i = 0; i < count; i += 1000) {
      await publish(topic, Array.from({ length: Math.min(1000, count - i) }, (_, k) => ({ data: JSON.stringify({ _id: `p${i + k}` }) })));
    }
    return await withTempDir('pubsub', async (dir) => {
      const job = unique('chaos-ps');
      const host = await HostProcess.create(dir, config(job, subscription.name));
      const sinkFile = path.join(host.dataDir, 'out', 'messages.jsonl');
      try {
        const killedAt = await killMidStream(host, { kills, step, unit: 'messages at the sink', progress: async () => new Set((await readSink(sinkFile)).ids).size }, count);
        const done = await waitFor(async () => new Set((await readSink(sinkFile)).ids).size >= count, 120_000, 200);
        // Anything still in flight lands now.
        await sleep(1000);
        const state = (await host.request('GET', `/jobs/${job}`)).body?.state as string | undefined;
        await host.stop();
        const sink = await readSink(sinkFile);
        const t = tally(sink.ids, expected);
        const setup = `Pub/Sub emulator subscription → file, at_least_once, ${n(count)} messages published up front, batches of ${BATCH} (at most ${OUTSTANDING} unacked), ack deadline ${ACK_DEADLINE_S} s, ${kills} × kill -9`;
        const figures = `unique ${n(t.unique)}, total ${n(t.total)}, lost ${t.lost}, duplicates ${n(t.duplicates)} (unacked window ${OUTSTANDING} per kill), torn lines ${sink.torn}; killed at ${killedAt.map(n).join(' / ')} messages; job ${state ?? '?'}`;
        const reasons: string[] = [];
        if (t.lost > 0) reasons.push(`${t.lost} lost`);
        if (t.foreign > 0) reasons.push(`${t.foreign} messages that were never published`);
        if (!done) reasons.push('the job did not deliver every message within 120 s');
        if (state !== 'running') reasons.push(`the job is ${state}, not running`);
        return { scenario: 'kill -9 mid-stream', setup, figures, ok: reasons.length === 0, reason: reasons.join(', ') };
      } catch (error) {
        if (error instanceof ChaosFailure) throw error;
        throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
      } finally {
        await host.kill9();
      }
    });
  } finally {
    await client.close();
  }
}
