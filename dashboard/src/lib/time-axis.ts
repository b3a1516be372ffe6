/** Time axis helpers for the metric charts: tick positions at round clock times, and their labels. */

const STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);

/** Tick times in [start, end] at a round step (1 s … 1 h) giving at most `max` ticks. */
export function timeTicks(start: number, end: number, max = 5): number[] {
  if (!(end > start)) return [];
  const span = end - start;
  const step = STEPS_MS.find((s) => span / s <= max) ?? STEPS_MS[STEPS_MS.length - 1];
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push(t);
  return ticks;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time as HH:MM:SS (24 h). */
export function clock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The chart windows a user can pick. */
export const CHART_WINDOWS = [
  { id: '5m', label: 'Last 5 min', ms: 5 * 60_000 },
  { id: '1h', label: 'Last 1 h', ms: 60 * 60_000 },
] as const;
export type ChartWindowId = (typeof CHART_WINDOWS)[number]['id'];
