import type { TaskMetricsView } from './task-metrics.js';

const WINDOW_SECONDS = 10;

/** Counters of one job run. Throughput is over the last ~10 s, not a lifetime average. */
export class JobMetrics {
  eventsProcessed = 0;
  bytesProcessed = 0;
  totalErrors = 0;
  deadLetters = 0;
  retries = 0;
  lastSourceTimestamp?: number;
  lastProcessedAt?: number;
  /** Events read but not yet written by every sink (queued or being written); set by the runner. */
  inFlight: () => number = () => 0;
  /** The job's `max_in_flight` budget; 0 until the runner sets it. */
  maxInFlight = 0;
  /** `tasks > 1`: each task's own counters (the fields above are their sums); set by the task group. */
  tasks?: () => TaskMetricsView[];
  private readonly buckets = new Float64Array(WINDOW_SECONDS);
  private bucketSecond = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.bucketSecond = Math.floor(now() / 1000);
  }

  recordProcessed(events: number, bytes: number, latestSourceTimestamp?: number): void {
    this.eventsProcessed += events;
    this.bytesProcessed += bytes;
    const now = this.now();
    this.lastProcessedAt = now;
    if (latestSourceTimestamp !== undefined) {
      this.lastSourceTimestamp = Math.max(this.lastSourceTimestamp ?? 0, latestSourceTimestamp);
    }
    this.advance(now);
    this.buckets[Math.floor(now / 1000) % WINDOW_SECONDS] += events;
  }

  /** Events per second over the completed seconds of the window plus the current partial one. */
  throughputPerSecond(): number {
    const now = this.now();
    this.advance(now);
    let total = 0;
    for (const count of this.buckets) total += count;
    const elapsedInCurrent = (now % 1000) / 1000;
    const seconds = WINDOW_SECONDS - 1 + elapsedInCurrent;
    return seconds > 0 ? total / seconds : 0;
  }

  /** Seconds behind the source: now minus the newest source timestamp processed; 0 when unknown or idle-caught-up. */
  lagSeconds(): number {
    if (this.lastSourceTimestamp === undefined) return 0;
    return Math.max(0, (this.now() - this.lastSourceTimestamp) / 1000);
  }

  private advance(now: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.bucketSecond) return;
    const steps = Math.min(WINDOW_SECONDS, second - this.bucketSecond);
    for (let i = 1; i <= steps; i++) this.buckets[(this.bucketSecond + i) % WINDOW_SECONDS] = 0;
    this.bucketSecond = second;
  }
}

/** The original's `/jobs/{name}/metrics` shape plus additive fields. */
export function metricsView(metrics: JobMetrics | undefined) {
  return {
    events_processed: metrics?.eventsProcessed ?? 0,
    events_in_flight: metrics?.inFlight() ?? 0,
    max_in_flight: metrics?.maxInFlight ?? 0,
    bytes_processed: metrics?.bytesProcessed ?? 0,
    current_lag_seconds: round(metrics?.lagSeconds() ?? 0),
    throughput_per_second: round(metrics?.throughputPerSecond() ?? 0),
    total_errors: metrics?.totalErrors ?? 0,
    dead_letters: metrics?.deadLetters ?? 0,
    retries: metrics?.retries ?? 0,
    last_processed_at: metrics?.lastProcessedAt ? new Date(metrics.lastProcessedAt).toISOString() : null,
    ...(metrics?.tasks ? { tasks: metrics.tasks() } : {}),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
