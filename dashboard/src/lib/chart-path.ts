/** SVG path of a polyline through `values`, scaled into width × height (y grows downwards). */
export function linePath(values: number[], width: number, height: number, max = Math.max(1, ...values), pad = 1): string {
  if (values.length === 0) return '';
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => {
      const x = values.length > 1 ? i * step : width;
      const y = pad + (height - 2 * pad) * (1 - Math.min(v, max) / max);
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** A "nice" axis maximum (1, 2, 5 × 10^n) at or above the data's maximum. */
export function niceMax(values: number[]): number {
  const max = Math.max(0, ...values);
  if (max <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * pow >= max) return m * pow;
  return 10 * pow;
}

export interface TimePoint {
  at: number;
  value: number;
}

/**
 * SVG path through time-stamped points in [start, start + span], scaled into width × height; the
 * line breaks where two samples are more than `gapMs` apart (the page was not polling then).
 */
export function timePath(points: TimePoint[], start: number, span: number, width: number, height: number, max: number, gapMs = 5000): string {
  let prev: number | undefined;
  return points
    .map((p) => {
      const x = ((p.at - start) / span) * width;
      const y = height * (1 - Math.min(Math.max(p.value, 0), max) / max);
      const cmd = prev === undefined || p.at - prev > gapMs ? 'M' : 'L';
      prev = p.at;
      return `${cmd}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
