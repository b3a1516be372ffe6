import { BROKERS, bareKafka, createTopic, produce, readTopic, unique } from '../../test/kafka/kafka-helpers.js';
import { ChaosFailure, HostProcess, check, n, waitFor, withTempDir, type Mode, type Row } from './lib.js';

/** Kinds of broken JSON, each made unique by the event number so every dead letter can be matched. */
const BAD_KINDS: ((i: number) => string)[] = [
  (i) => `{"id":${i},"name":}`, // a missing value
  (i) => `not json ${i} {`, // not JSON at all
  (i) => `{"id":${i}}{"id":${i}}`, // two values
  (i) => `[${i},2`, // unterminated array
  (i) => `{"id":${i},"note":"raw\ttab"}`, // a control character in a string
  (i) => `{"id":${i},'single':1}`, // single quotes
  (i) => `{"id":${i},}`, // trailing comma
  (i) => `\u00ff\u00fe${i}`, // bytes that are no JSON value
];

function config(job: string, from: string, to: string): string {
  return `[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "${BROKERS}"

[[connectors]]
name = "${job}"
source = { service_name = "kafka", resource = "${from}", input_encoding = "json", output_encoding = "json" }
sinks = [{ service_name = "kafka", resource = "${to}", output_encoding = "json" }]
batch = { kind = "count", size = 200, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 500 }
on_error = "dead_letter"
`;
}

/** A Kafka topic with malformed JSON mixed into good messages: bad → dead-letter store, good → sink, job still running. */
export async function malformedFlood(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const total = mode.quick ? 10_000 : 50_000;
  const bad = total / 5;
  const kafka = bareKafka();
  const from = unique('chaos-flood-in');
  const to = unique('chaos-flood-out');
  const job = unique('chaos-flood');
  await createTopic(kafka, from, 3);
  // Every fifth message is bad, spread over the partitions.
  const messages = Array.from({ length: total }, (_, i) => ({ value: i % 5 === 2 ? BAD_KINDS[(i / 5) % BAD_KINDS.length | 0]!(i) : JSON.stringify({ id: i, ok: true }) }));
  const badValues = new Set(messages.filter((_, i) => i % 5 === 2).map((m) => m.value));
  const good = total - bad;
  await produce(kafka, from, messages);
  return withTempDir('flood', async (dir) => {
    const host = await HostProcess.create(dir, config(job, from, to));
    try {
      host.start();
      await host.ready();
      const dead = async () => (await host.request('GET', `/jobs/${job}/dead-letters?limit=1`)).body?.total as number;
      const allDead = await waitFor(async () => (await dead()) >= bad, 120_000, 250);
      const got = await readTopic(kafka, to, good, 120_000, 2000, 'read_committed');
      const state = (await host.request('GET', `/jobs/${job}`)).body?.state as string | undefined;
      // Every dead letter, with its payload and reason (pages of 1000).
      const letters: { payload: string; reason: string }[] = [];
      for (let offset = 0; offset < bad * 2 && letters.length < bad * 2; offset += 1000) {
        const page = (await host.request('GET', `/jobs/${job}/dead-letters?limit=1000&offset=${offset}`)).body as { items: { payload: string; reason: string }[] };
        letters.push(...page.items);
        if (page.items.length < 1000) break;
      }
      await host.stop();
      const deadPayloads = new Set(letters.map((d) => Buffer.from(d.payload, 'base64').toString('utf8')));
      const withReason = letters.filter((d) => /not valid JSON/.test(d.reason)).length;
      const missingDead = [...badValues].filter((v) => !deadPayloads.has(v)).length;
      const sinkValues = got.map((m) => m.value ?? '');
      const badAtSink = sinkValues.filter((v) => badValues.has(v)).length;
      const goodIds = new Set(sinkValues.filter((v) => !badValues.has(v)).map((v) => (JSON.parse(v) as { id: number }).id));
      const lostGood = good - goodIds.size;
      const setup = `Kafka → Kafka json, ${n(total)} messages of which ${n(bad)} invalid JSON (${BAD_KINDS.length} kinds), on_error = dead_letter`;
      const figures = `dead letters ${n(letters.length)} (${n(withReason)} with a "not valid JSON" reason, ${missingDead} bad missing), good at sink ${n(goodIds.size)} of ${n(good)} (lost ${lostGood}, total ${n(sinkValues.length)}), bad at sink ${badAtSink}; job ${state ?? '?'}`;
      const reasons: string[] = [];
      if (!allDead || missingDead > 0) reasons.push(`${missingDead} bad events not in the dead-letter store`);
      if (withReason < letters.length) reasons.push(`${letters.length - withReason} dead letters without the JSON reason`);
      if (lostGood > 0) reasons.push(`${lostGood} good events lost`);
      if (badAtSink > 0) reasons.push(`${badAtSink} bad events reached the sink`);
      if (state !== 'running') reasons.push(`the job is ${state}, not running`);
      return { scenario: 'malformed flood', setup, figures, ok: reasons.length === 0, reason: reasons.join('; ') };
    } catch (error) {
      if (error instanceof ChaosFailure) throw error;
      throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
    } finally {
      await host.kill9();
    }
  });
}
