import type { JobMetrics } from './job-metrics.js';

/** How long events may sit in flight (beyond the batch's max_wait_ms) with no sink write finishing before the job shows it. */
export const STALL_AFTER_MS = 5000;
const CHECK_EVERY_MS = 1000;

/**
 * Watches a running job for a pipeline that holds events but writes none: a sink (or middleware)
 * call waiting on a service its client keeps retrying (the MongoDB driver waits up to 30 s for a
 * server, kafkajs retries a send for ~20 s). Reported as trouble of the stage `sinks` while it
 * lasts; costs one timer per job, nothing on the event path.
 */
export function watchStalls(metrics: JobMetrics, afterMs: number, report: (reason: string | undefined) => void, now: () => number = Date.now): () => void {
  let emptySince = now();
  let stalledSince: number | undefined;
  const timer = setInterval(() => {
    const t = now();
    const inFlight = metrics.inFlight();
    if (inFlight === 0) emptySince = t;
    const waitingMs = t - Math.max(emptySince, metrics.lastProcessedAt ?? 0);
    if (inFlight > 0 && waitingMs >= afterMs) {
      if (stalledSince !== undefined) return;
      // One report per stall (a stable text, so the job record is written once, not every tick).
      stalledSince = t - waitingMs;
      report(`events in flight and no sink write finished since ${new Date(stalledSince).toISOString()} (a step is waiting on its service)`);
    } else if (stalledSince !== undefined) {
      stalledSince = undefined;
      report(undefined);
    }
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
