import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ChaosFailure, HostProcess, check, n, sleep, withTempDir, type Mode, type Row } from './lib.js';

function config(gen: string, dlq: string): string {
  return `[system.job_lifecycle]
startup_state = "seed_from_file"

[[services]]
provider = "datagen"
name = "gen"

[[services]]
provider = "file"
name = "out"
path = "out"

[[connectors]]
name = "${gen}"
source = { service_name = "gen", resource = "users", output_encoding = "json", options = { rate = 2000, count = 1000000, seed = 7 } }
sinks = [{ service_name = "out", resource = "users.jsonl", output_encoding = "json" }]
batch = { kind = "count", size = 20, max_wait_ms = 10 }
checkpoint = { enabled = true, interval_ms = 20 }

# Users older than 50 fail the sink's schema: about half of the events become dead letters.
[[connectors]]
name = "${dlq}"
source = { service_name = "gen", resource = "users", output_encoding = "json", options = { rate = 500, count = 1000000, seed = 8 } }
sinks = [{ service_name = "out", resource = "adults.jsonl", output_encoding = "json", schema_id = "adult" }]
schemas = [{ id = "adult", encoding = "json", definition = { type = "object", required = ["age"], properties = { age = { type = "integer", minimum = 18, maximum = 50 } } } }]
batch = { kind = "count", size = 10, max_wait_ms = 10 }
checkpoint = { enabled = true, interval_ms = 20 }
on_error = "dead_letter"
`;
}

interface StoreCheck {
  jsonFiles: number;
  jsonlLines: number;
  corrupt: string[];
  tornTails: number;
}

/** Parses every JSON file of the data dir (the sink's own folder aside) and every line of every JSON-lines store file. */
async function checkStore(dataDir: string): Promise<StoreCheck> {
  const result: StoreCheck = { jsonFiles: 0, jsonlLines: 0, corrupt: [], tornTails: 0 };
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path.relative(dataDir, file) !== 'out') await walk(file);
        continue;
      }
      if (entry.name.endsWith('.json')) {
        result.jsonFiles++;
        const text = await readFile(file, 'utf8');
        try {
          JSON.parse(text);
        } catch (error) {
          result.corrupt.push(`${path.relative(dataDir, file)}: ${(error as Error).message} (${text.length} bytes)`);
        }
      } else if (entry.name.endsWith('.jsonl')) {
        const lines = (await readFile(file, 'utf8')).split('\n');
        // A file that does not end with a newline has a torn last line: the store skips it by design.
        const last = lines.length - 1;
        lines.forEach((line, i) => {
          if (!line) return;
          result.jsonlLines++;
          try {
            JSON.parse(line);
          } catch {
            if (i === last) result.tornTails++;
            else result.corrupt.push(`${path.relative(dataDir, file)} line ${i + 1}: not JSON`);
          }
        });
      }
    }
  };
  await walk(dataDir);
  return result;
}

/** kill -9 in a loop while checkpoints and dead letters are written: the host starts every time, /ready answers 200, no store file is corrupt. */
export async function storeCrashLoop(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const loops = mode.quick ? 10 : 30;
  const gen = 'chaos-store-gen';
  const dlq = 'chaos-store-dlq';
  return withTempDir('store', async (dir) => {
    const host = await HostProcess.create(dir, config(gen, dlq));
    // Kill delays from a fixed sequence (a small LCG), so runs are comparable: 200 ms … 2.2 s after /ready.
    let lcg = 12345;
    const nextDelay = () => {
      lcg = (lcg * 1103515245 + 12345) % 2 ** 31;
      return 200 + (lcg % 2000);
    };
    const readyMs: number[] = [];
    let lastDead = 0;
    let deadDrops = 0;
    let checkpoints = 0;
    let files = 0;
    let lines = 0;
    let torn = 0;
    const created: string[] = [];
    const apiRefused: string[] = [];
    try {
      for (let loop = 0; loop < loops; loop++) {
        host.start();
        readyMs.push(await host.ready(60_000));
        const dead = (await host.request('GET', `/jobs/${dlq}/dead-letters?limit=1`)).body?.total as number;
        check(typeof dead === 'number', `start ${loop + 1}: GET dead-letters answered no total`);
        if (dead < lastDead) deadDrops++;
        lastDead = dead;
        // Jobs created through the API (acknowledged with 201) must survive every later kill.
        for (const name of created) check((await host.request('GET', `/jobs/${name}`)).status === 200, `start ${loop + 1}: job ${name}, created with 201 before a kill, is gone`);
        // Then a job created while the kill is coming: jobs.json is rewritten under it too.
        const extra = `${gen}-api-${loop}`;
        const delay = nextDelay();
        const creating = host
          .request('POST', '/jobs', {
            name: extra,
            source: { service_name: 'gen', resource: 'users', output_encoding: 'json', options: { rate: 5, count: 5, seed: loop } },
            sinks: [{ service_name: 'out', resource: `api-${loop}.jsonl`, output_encoding: 'json' }],
          })
          .then((res) => {
            if (res.status === 201) created.push(extra);
            else apiRefused.push(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          })
          .catch(() => undefined);
        await sleep(delay);
        await host.kill9();
        await creating;
        const store = await checkStore(host.dataDir);
        check(store.corrupt.length === 0, `after kill ${loop + 1}: corrupt store files: ${store.corrupt.join('; ')}`);
        files = store.jsonFiles;
        lines = store.jsonlLines;
        torn += store.tornTails;
      }
      // One more start: every store file the kills left behind still loads.
      host.start();
      readyMs.push(await host.ready(60_000));
      const dead = (await host.request('GET', `/jobs/${dlq}/dead-letters?limit=1`)).body?.total as number;
      for (const name of created) check((await host.request('GET', `/jobs/${name}`)).status === 200, `last start: job ${name}, created with 201 before a kill, is gone`);
      check(apiRefused.length === 0, `POST /jobs refused: ${apiRefused[0]}`);
      const cps = (await host.request('GET', `/jobs/${gen}/checkpoints`)).body;
      checkpoints = Array.isArray(cps) ? cps.length : 0;
      const state = (await host.request('GET', `/jobs/${gen}`)).body?.state as string | undefined;
      await host.stop();
      const store = await checkStore(host.dataDir);
      check(store.corrupt.length === 0, `after the last run: corrupt store files: ${store.corrupt.join('; ')}`);
      const setup = `embedded store, ${loops} × kill -9 (200 ms–2.2 s after /ready) while a datagen job checkpoints every 20 ms and another one dead-letters about 250 schema-invalid events/s, and a job is created through the API`;
      const figures = `${loops + 1} of ${loops + 1} starts ready (slowest ${n(Math.max(...readyMs))} ms), every JSON store file and JSON-lines entry parsed after each kill (${files} files + ${n(lines)} entries at the last), 0 corrupt, ${torn} torn last lines; ${n(dead)} dead letters (count dropped after a restart ${deadDrops} times); ${checkpoints} checkpoints kept; ${created.length} of ${loops} jobs created through the API before a kill all still there; job ${state ?? '?'}`;
      const reasons: string[] = [];
      if (deadDrops > 0) reasons.push(`the dead-letter count went down after a restart ${deadDrops} times`);
      if (dead < lastDead) reasons.push('dead letters lost at the last start');
      return { scenario: 'store crash safety', setup, figures, ok: reasons.length === 0, reason: reasons.join('; ') };
    } catch (error) {
      if (error instanceof ChaosFailure) throw error;
      throw new ChaosFailure(`${(error as Error).message}\n${host.tail()}`);
    } finally {
      await host.kill9();
    }
  });
}
