/** What every `<area>.bench.ts` default-exports: a function producing one section of docs/benchmarks.md. */
export type BenchModule = (ctx: BenchContext) => Promise<BenchSection>;

export interface BenchContext {
  /** How long each measured case should run, in ms (MSTREAM_BENCH_SECONDS, default 10 s; 60 s for soak cases). */
  durationMs: number;
  log(message: string): void;
}

export interface BenchSection {
  /** Short id, also the file stem: `runtime`, `kafka`, … */
  area: string;
  title: string;
  /** Method, setup and honest caveats, one paragraph each. */
  notes: string[];
  /** One row per case; the first column names the case. Include the baseline in the same table. */
  rows: Array<Record<string, string | number>>;
}

export interface Measurement {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Highest RSS sampled every 100 ms during the case, in MiB. */
  peakRssMiB: number;
  /** RSS at the end minus RSS after the first tenth of the run, in MiB (flatness over time). */
  rssGrowthMiB: number;
  /**
   * CPU time of the whole process (every thread: GC, workers) per event over the case, in µs, when
   * the case ran in this process. Less moved by other work on the machine than the rate.
   */
  cpuMicrosPerEvent?: number;
}
