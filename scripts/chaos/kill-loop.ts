import { HostProcess, check, waitFor } from './lib.js';

export interface KillLoop {
  /** How many times the host is killed before its last, uninterrupted run. */
  kills: number;
  /** How far `progress` must move in each run before that run's kill. */
  step: number;
  /** What the run is measured by (events at the sink, committed offsets, …). */
  progress: () => Promise<number>;
  /** What `progress` counts, for the failure message. */
  unit: string;
  /** Runs once the host of a run is ready, before waiting for progress (e.g. to start a writer once the source listens). */
  onReady?: (run: number) => Promise<void>;
}

/**
 * Starts the host, waits until `progress` moved `step` further, kills it with SIGKILL, and again,
 * `kills` times, on the same data dir; then starts it for the last time and returns the progress
 * at each kill. Fails when a run does not move within 60 s, or the last kill came after the end.
 */
export async function killMidStream(host: HostProcess, loop: KillLoop, end: number): Promise<number[]> {
  const killedAt: number[] = [];
  for (let run = 0; run < loop.kills; run++) {
    const before = await loop.progress();
    host.start();
    await host.ready();
    await loop.onReady?.(run);
    const moved = await waitFor(async () => (await loop.progress()) >= before + loop.step, 60_000, 25);
    check(moved, `run ${run + 1}: ${loop.unit} did not grow by ${loop.step} within 60 s (from ${before}):\n${host.tail()}`);
    await host.kill9();
    killedAt.push(await loop.progress());
  }
  check(killedAt[loop.kills - 1]! < end, `the last kill was not mid-stream (${killedAt.join(', ')} ${loop.unit} of ${end})`);
  host.start();
  await host.ready();
  return killedAt;
}
