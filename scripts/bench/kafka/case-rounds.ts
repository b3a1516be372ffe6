// What the benchmarks that copy into Kafka share: cases run as processes in rotating rounds after a
// warm-up, and a table of medians with their ranges and ratios to reference cases.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CopyWindow } from './copy-window.js';
import type { SpawnedCase } from './spawned-case.js';
import { fmt } from '../measure.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface CaseSpec<Target> {
  id: string;
  label: string;
  /** Why the case cannot run here (printed, and the case is left out), or undefined. */
  unavailable?: string;
  /**
   * Members the case's consumer group settles on (`tasks = N`: N). The window then opens only once
   * the group is stable with that many, so the second member's join (a rebalance) is not measured.
   */
  groupMembers?: number;
  start(target: Target): Promise<SpawnedCase>;
}

/** One measured run; undefined with a reason when the case could not run (it is then not retried). */
export type RunResult = { window: CopyWindow } | { notRun: string };

// Set to a folder to write a V8 CPU profile of every Node case (`--cpu-prof`); the cases then stop
// with SIGTERM so the profile is written.
export const PROFILE_DIR = process.env.MSTREAM_BENCH_PROFILE_DIR;
export const profileArgs = (id: string) => (PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${id}-${Date.now()}.cpuprofile`] : []);

/** Our host as a user runs it: the CLI from the build (`npm run build`), else from source through tsx. */
export function hostCommand(): { args: string[]; from: string } {
  const built = path.join(root, 'host/dist/cli.js');
  if (existsSync(built)) return { args: [built], from: 'host/dist (built JavaScript)' };
  return { args: ['--conditions=mstream-source', '--import', 'tsx', path.join(root, 'host/src/cli.ts')], from: 'host/src through tsx (no build found)' };
}

export async function runRounds<Target>(options: {
  cases: CaseSpec<Target>[];
  rounds: number;
  warmUp?: CaseSpec<Target>;
  runOnce: (spec: CaseSpec<Target>) => Promise<RunResult>;
  log: (message: string) => void;
}): Promise<{ results: Map<string, CopyWindow[]>; notRun: Map<string, string> }> {
  const { cases, rounds, runOnce, log } = options;
  const results = new Map<string, CopyWindow[]>();
  const notRun = new Map<string, string>();
  for (const c of cases.filter((c) => c.unavailable)) {
    log(`skipping "${c.label}": ${c.unavailable}`);
    notRun.set(c.id, c.unavailable!);
  }
  const runnable = cases.filter((c) => !c.unavailable);
  // Warm-up, untimed: the servers' caches hold what every measured run reads alike.
  if (options.warmUp) await runOnce(options.warmUp);
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round, so no case always runs right after the same neighbour.
    const order = runnable.map((_, i) => runnable[(i + round) % runnable.length]);
    for (const spec of order) {
      if (notRun.has(spec.id)) continue;
      const result = await runOnce(spec);
      if ('notRun' in result) {
        notRun.set(spec.id, result.notRun);
        log(`${spec.id}: not run: ${result.notRun}`);
        continue;
      }
      const w = result.window;
      if (!w.complete) log(`${spec.id}: copied only ${w.messages} in the window (stalled or timed out)`);
      results.set(spec.id, [...(results.get(spec.id) ?? []), w]);
      log(`round ${round + 1} ${spec.id}: ${fmt.rate(w.messagesPerSecond)} msgs/s, ${w.cpuPer100k.toFixed(2)} CPU s/100k, peak ${w.peakRssMiB.toFixed(0)} MiB`);
    }
  }
  return { results, notRun };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs: number[], f: (n: number) => string) => `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
/** A table cell: one line, no pipes. */
export const oneLine = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '/').slice(0, 300);

/** One row per case: medians (min–max), and msgs/s and CPU per message as ratios to each reference case. */
export function resultRows<Target>(
  cases: CaseSpec<Target>[],
  measured: { results: Map<string, CopyWindow[]>; notRun: Map<string, string> },
  references: Array<{ id: string; name: string }>,
): Array<Record<string, string | number>> {
  const med = (id: string, pick: (w: CopyWindow) => number) => {
    const ws = measured.results.get(id);
    return ws && ws.length ? median(ws.map(pick)) : undefined;
  };
  const ratio = (id: string, ref: string, pick: (w: CopyWindow) => number) => {
    const a = med(id, pick);
    const b = med(ref, pick);
    return a !== undefined && b !== undefined && b > 0 ? (a / b).toFixed(2) : '';
  };
  return cases.map((spec) => {
    const ws = measured.results.get(spec.id) ?? [];
    if (ws.length === 0) return { case: spec.label, 'msgs/s': `not run: ${oneLine(measured.notRun.get(spec.id) ?? 'no result')}` };
    const row: Record<string, string | number> = {
      case: spec.label,
      runs: ws.length,
      'msgs/s': spread(ws.map((w) => w.messagesPerSecond), fmt.rate),
      'CPU s per 100k': spread(ws.map((w) => w.cpuPer100k), (n) => n.toFixed(2)),
      'peak RSS MiB': spread(ws.map((w) => w.peakRssMiB), (n) => n.toFixed(0)),
    };
    for (const ref of references) {
      row[`msgs/s × ${ref.name}`] = ratio(spec.id, ref.id, (w) => w.messagesPerSecond);
      row[`CPU × ${ref.name}`] = ratio(spec.id, ref.id, (w) => w.cpuPer100k);
    }
    return row;
  });
}
