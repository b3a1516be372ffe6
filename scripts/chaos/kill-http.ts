import path from 'node:path';
import { readSink, tally } from './file-sink.js';
import { killMidStream } from './kill-loop.js';
import { ChaosFailure, HostProcess, check, freePort, n, sleep, waitFor, withTempDir, type Mode, type Row } from './lib.js';
import { postUntilAcked } from './retrying-client.js';

const CONCURRENCY = 16;

function config(job: string, port: number): string {
  return `[[services]]
provider = "http"
name = "inbox"

[[services]]
provider = "file"
name = "out"
path = "out"

[[connectors]]
name = "${job}"
source = { service_name = "inbox", resource = "events", input_encoding = "json", output_encoding = "json", options = { listen_port = ${port} } }
sinks = [{ service_name = "out", resource = "events.jsonl", output_encoding = "json" }]
batch = { kind = "count", size = 50, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 200 }
`;
}

/**
 * kill -9 while a client POSTs events to the HTTP listener source and retries each until it gets a
 * 2xx. The listener answers 202 only once the sink confirmed the event, so every acknowledged
 * event must be at the sink; a kill between the sink's write and the answer makes a duplicate.
 */
export async function killHttpToFile(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const kills = mode.quick ? 2 : 3;
  const count = mode.quick ? 2000 : 8000;
  const step = Math.floor(count / 6);
  return withTempDir('http', async (dir) => {
    const job = 'chaos-http';
    const port = await freePort();
    const host = await HostProcess.create(dir, config(job, port));
    const sinkFile = path.join(host.dataDir, 'out', 'events.jsonl');
    const ids = Array.from({ length: count }, (_, i) => `h${i}`);
    // Started before the host: until it listens, every attempt is refused and retried.
    const client = postUntilAcked({ url: `http://127.0.0.1:${port}/events`, ids, concurrency: CONCURRENCY, maxAttempts: 1500, deadline: Date.now() + 180_000 });
    try {
      const killedAt = await killMidStream(host, { kills, step, unit: 'events at the sink', progress: async () => new Set((await readSink(sinkFile)).ids).size }, count);
      const sent = await client;
      check(sent.givenUp.length === 0, `${sent.givenUp.length} events never got a 2xx (first ${sent.givenUp[0]}):\n${host.tail()}`);
      const done = await waitFor(async () => new Set((await readSink(sinkFile)).ids).size >= count, 60_000, 200);
      await sleep(500);
      const state = (await host.request('GET', `/jobs/${job}`)).body?.state as string | undefined;
      await host.stop();
      const sink = await readSink(sinkFile);
      const t = tally(sink.ids, new Set(ids));
      const lostAcked = [...sent.acked].filter((id) => !new Set(sink.ids).has(id)).length;
      // A duplicate needs a request the host took and never answered: the ones in flight at a kill,
      // and the ones the client gave up waiting for.
      const bound = kills * CONCURRENCY + sent.timeouts;
      const setup = `HTTP listener → file, at_least_once, ${n(count)} events, one per POST, ${CONCURRENCY} in flight, the client retries each until a 2xx, ${kills} × kill -9`;
      const figures = `unique ${n(t.unique)}, total ${n(t.total)}, lost ${t.lost} (acked but not at the sink ${lostAcked}), duplicates ${n(t.duplicates)} (bound ${bound}), torn lines ${sink.torn}; client retries ${n(sent.retries)}, timeouts ${sent.timeouts}; killed at ${killedAt.map(n).join(' / ')} events; job ${state ?? '?'}`;
      const reasons: string[] = [];
      if (t.lost > 0 || lostAcked > 0) reasons.push(`${t.lost} lost, ${lostAcked} acknowledged with a 2xx but not at the sink`);
      if (t.foreign > 0) reasons.push(`${t.foreign} events that were never sent`);
      if (t.duplicates > bound) reasons.push(`${t.duplicates} duplicates, more than the ${bound} requests unanswered at the kills`);
      if (!done) reasons.push('the sink did not get every event within 60 s');
      if (state !== 'running') reasons.push(`the job is ${state}, not running`);
      return { scenario: 'kill -9 mid-stream', setup, figures, ok: reasons.length === 0, reason: reasons.join(', ') };
    } catch (error) {
      if (error instanceof ChaosFailure) throw error;
      throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
    } finally {
      await host.kill9();
      // The client ends by its deadline at the latest; with the host gone every attempt fails fast.
      await client.catch(() => undefined);
    }
  });
}
