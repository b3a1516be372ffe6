import type { Measurement } from './bench-types.js';

/**
 * Runs `body` (which returns how many events it processed so far through `progress`) for about
 * `durationMs`, sampling RSS every 100 ms. `body` must stop when `signal` aborts.
 */
export async function measure(durationMs: number, body: (signal: AbortSignal, progress: { events: number }) => Promise<void>): Promise<Measurement> {
  global.gc?.();
  const progress = { events: 0 };
  const controller = new AbortController();
  let peak = process.memoryUsage().rss;
  let early: number | undefined;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    if (early === undefined && performance.now() - started > durationMs / 10) early = rss;
  }, 100);
  const timer = setTimeout(() => controller.abort(), durationMs);
  try {
    await body(controller.signal, progress);
  } finally {
    clearTimeout(timer);
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const end = process.memoryUsage().rss;
  return {
    events: progress.events,
    seconds,
    eventsPerSecond: progress.events / seconds,
    peakRssMiB: peak / 2 ** 20,
    rssGrowthMiB: (end - (early ?? end)) / 2 ** 20,
    cpuMicrosPerEvent: progress.events > 0 ? (cpu.user + cpu.system) / progress.events : undefined,
  };
}

export const fmt = {
  rate: (n: number) => Math.round(n).toLocaleString('en-US'),
  mib: (n: number) => n.toFixed(1),
  ratio: (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a'),
  micros: (eventsPerSecond: number) => (eventsPerSecond > 0 ? (1e6 / eventsPerSecond).toFixed(2) : 'n/a'),
};
