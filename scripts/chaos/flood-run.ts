import { bareKafka, createTopic, produce, readTopic, unique } from '../../test/kafka/kafka-helpers.js';
import { ChaosFailure, HostProcess, n, waitFor, withTempDir, type Row } from './lib.js';

export interface Flood {
  /** Temp dir and topic prefix. */
  name: string;
  scenario: string;
  config: (job: string, from: string, to: string) => string;
  /** Every message in produce order, and whether it is one of the bad ones. */
  messages: { value: Buffer; bad: boolean }[];
  /** Each dead letter's reason must match this. */
  reason: RegExp;
  /** What the reason says, for the row. */
  reasonText: string;
  /** The id of a good message as the sink wrote it (JSON). */
  goodId: (sinkValue: string) => number;
  setup: string;
}

/**
 * One job reads a Kafka topic where good and bad messages are mixed, `on_error = "dead_letter"`:
 * passes when every bad message is in the dead-letter store (matched by its bytes) with the
 * expected reason, every good one at the sink and none of the bad, and the job still runs.
 */
export async function runFlood(flood: Flood): Promise<Omit<Row, 'seconds'>> {
  const kafka = bareKafka();
  const from = unique(`chaos-${flood.name}-in`);
  const to = unique(`chaos-${flood.name}-out`);
  const job = unique(`chaos-${flood.name}`);
  await createTopic(kafka, from, 3);
  await produce(kafka, from, flood.messages.map((m) => ({ value: m.value })));
  const badValues = new Set(flood.messages.filter((m) => m.bad).map((m) => m.value.toString('base64')));
  const bad = badValues.size;
  const good = flood.messages.length - flood.messages.filter((m) => m.bad).length;
  return withTempDir(flood.name, async (dir) => {
    const host = await HostProcess.create(dir, flood.config(job, from, to));
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
      const deadPayloads = new Set(letters.map((d) => d.payload));
      const withReason = letters.filter((d) => flood.reason.test(d.reason)).length;
      const missingDead = [...badValues].filter((v) => !deadPayloads.has(v)).length;
      const sinkValues = got.map((m) => m.value ?? '');
      const badAtSink = sinkValues.filter((v) => badValues.has(Buffer.from(v).toString('base64'))).length;
      const goodIds = new Set(sinkValues.filter((v) => !badValues.has(Buffer.from(v).toString('base64'))).map(flood.goodId));
      const lostGood = good - goodIds.size;
      const figures = `dead letters ${n(letters.length)} (${n(withReason)} with a "${flood.reasonText}" reason, ${missingDead} bad missing), good at sink ${n(goodIds.size)} of ${n(good)} (lost ${lostGood}, total ${n(sinkValues.length)}), bad at sink ${badAtSink}; job ${state ?? '?'}`;
      const reasons: string[] = [];
      if (!allDead || missingDead > 0) reasons.push(`${missingDead} bad events not in the dead-letter store`);
      if (withReason < letters.length) reasons.push(`${letters.length - withReason} dead letters without the expected reason (first: ${letters.find((d) => !flood.reason.test(d.reason))?.reason})`);
      if (lostGood > 0) reasons.push(`${lostGood} good events lost`);
      if (badAtSink > 0) reasons.push(`${badAtSink} bad events reached the sink`);
      if (state !== 'running') reasons.push(`the job is ${state}, not running`);
      return { scenario: flood.scenario, setup: flood.setup, figures, ok: reasons.length === 0, reason: reasons.join('; ') };
    } catch (error) {
      if (error instanceof ChaosFailure) throw error;
      throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
    } finally {
      await host.kill9();
    }
  });
}
