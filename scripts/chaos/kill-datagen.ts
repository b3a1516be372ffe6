import path from 'node:path';
import { BUILTIN_SCHEMAS } from '../../plugins/datagen/src/builtin-schemas.js';
import { generateDocument } from '../../plugins/datagen/src/document-factory.js';
import { readSink } from './file-sink.js';
import { ChaosFailure, HostProcess, check, n, waitFor, withTempDir, type Mode, type Row } from './lib.js';

const KILLS = 3;
const SEED = 42;

function config(job: string, count: number, rate: number): string {
  return `[[services]]
provider = "datagen"
name = "gen"

[[services]]
provider = "file"
name = "out"
path = "out"

[[connectors]]
name = "${job}"
source = { service_name = "gen", resource = "users", output_encoding = "json", options = { rate = ${rate}, count = ${count}, seed = ${SEED} } }
sinks = [{ service_name = "out", resource = "users.jsonl", output_encoding = "json" }]
batch = { kind = "count", size = 50, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 200 }
`;
}

/** kill -9 three times while a datagen source (fixed seed and count) writes to a file sink. */
export async function killDatagenToFile(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const count = mode.quick ? 6000 : 30_000;
  const rate = mode.quick ? 1500 : 3000;
  const step = Math.floor(count / 6);
  return withTempDir('datagen', async (dir) => {
    const job = 'chaos-datagen';
    const host = await HostProcess.create(dir, config(job, count, rate));
    const sinkFile = path.join(host.dataDir, 'out', 'users.jsonl');
    const expected = new Map<string, number>();
    for (let i = 0; i < count; i++) expected.set((generateDocument(BUILTIN_SCHEMAS.user!, SEED, i) as { _id: string })._id, i);
    check(expected.size === count, `the schema gave ${count - expected.size} repeated _ids for distinct events; cannot count`);
    const killedAt: number[] = [];
    try {
      for (let run = 0; run < KILLS; run++) {
        const before = (await readSink(sinkFile)).ids.length;
        host.start();
        await host.ready();
        const moved = await waitFor(async () => (await readSink(sinkFile)).ids.length >= before + step, 60_000);
        check(moved, `run ${run + 1}: the sink did not grow by ${step} within 60 s (from ${before}):\n${host.tail()}`);
        await host.kill9();
        killedAt.push((await readSink(sinkFile)).ids.length);
      }
      check(new Set((await readSink(sinkFile)).ids).size < count, `the last kill was not mid-stream (${killedAt.join(', ')} lines of ${count})`);
      host.start();
      await host.ready();
      const done = await waitFor(async () => new Set((await readSink(sinkFile)).ids).size >= count, 120_000, 200);
      // Anything still in flight lands now.
      await new Promise((r) => setTimeout(r, 1000));
      const state = (await host.request('GET', `/jobs/${job}`)).body?.state as string | undefined;
      await host.stop();
      const sink = await readSink(sinkFile);
      const unique = new Set(sink.ids);
      const lost = [...expected.keys()].filter((id) => !unique.has(id)).length;
      const foreign = [...unique].filter((id) => !expected.has(id)).length;
      const duplicates = sink.ids.length - unique.size;
      const figures = `unique ${n(unique.size)}, total ${n(sink.ids.length)}, lost ${lost}, duplicates ${n(duplicates)}, torn lines ${sink.torn}; killed at ${killedAt.map(n).join(' / ')} lines; job ${state ?? '?'}`;
      const setup = `datagen (seed ${SEED}, ${n(count)} events, ${rate}/s) → file, at_least_once, 3 × kill -9`;
      if (!done || lost > 0 || foreign > 0) {
        return { scenario: 'kill -9 mid-stream', setup, figures, ok: false, reason: `${lost} lost, ${foreign} unexpected events${done ? '' : '; the job did not finish within 120 s'}` };
      }
      return { scenario: 'kill -9 mid-stream', setup, figures, ok: true, reason: '' };
    } catch (error) {
      if (error instanceof ChaosFailure) throw error;
      throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
    } finally {
      await host.kill9();
    }
  });
}
