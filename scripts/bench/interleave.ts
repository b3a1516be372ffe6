import type { Measurement } from './bench-types.js';

/** One case of {@link interleaved}: measures for `durationMs`. */
export type Case = (durationMs: number) => Promise<Measurement>;

export interface Interleaved {
  /** The round with the median rate (peak RSS: the highest of all rounds). */
  median: Measurement;
  rounds: Measurement[];
  /** The median of the rounds' CPU µs per event, when the case measured it. */
  cpuMicrosPerEvent?: number;
}

/**
 * Runs each case `rounds` times for `durationMs / rounds`, alternating the cases round by round,
 * and keeps each case's median round. Why: on a machine shared with other work, a ratio between
 * two cases measured one after the other moved ±20 % between runs, as load came and went; rounds
 * taken in turn see the same load, and the median drops a round that a burst hit.
 */
export async function interleaved(rounds: number, durationMs: number, cases: Case[]): Promise<Interleaved[]> {
  const measured: Measurement[][] = cases.map(() => []);
  for (let r = 0; r < rounds; r++) for (let c = 0; c < cases.length; c++) measured[c].push(await cases[c](durationMs / rounds));
  return measured.map((all) => {
    const sorted = [...all].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
    const median = sorted[Math.floor(sorted.length / 2)];
    const cpu = all.map((m) => m.cpuMicrosPerEvent).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
    return {
      median: { ...median, peakRssMiB: Math.max(...all.map((m) => m.peakRssMiB)) },
      rounds: all,
      cpuMicrosPerEvent: cpu.length ? cpu[Math.floor(cpu.length / 2)] : undefined,
    };
  });
}

/** "0.61–0.66": the lowest and highest per-round ratio of `a` to `b` (rounds paired in order). */
export function roundRatios(a: Interleaved, b: Interleaved): string {
  const ratios = a.rounds.map((m, i) => m.eventsPerSecond / b.rounds[i].eventsPerSecond);
  return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
}
