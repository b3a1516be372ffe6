import type { JobMetrics } from './job-metrics.js';
import type { MetricsDelta } from './task-messages.js';

/** Inside a task: what its counters gained since the last report, sent only when something changed. */
export class MetricsReporter {
  private last = { events: 0, bytes: 0, errors: 0, deadLetters: 0, retries: 0, inFlight: 0, maxInFlight: 0 };

  constructor(
    private readonly metrics: JobMetrics,
    private readonly send: (delta: MetricsDelta) => void,
  ) {}

  report(): void {
    const m = this.metrics;
    const now = { events: m.eventsProcessed, bytes: m.bytesProcessed, errors: m.totalErrors, deadLetters: m.deadLetters, retries: m.retries, inFlight: m.inFlight(), maxInFlight: m.maxInFlight };
    const last = this.last;
    const same = now.events === last.events && now.errors === last.errors && now.deadLetters === last.deadLetters && now.retries === last.retries && now.inFlight === last.inFlight && now.maxInFlight === last.maxInFlight;
    if (same) return;
    this.last = now;
    this.send({
      events: now.events - last.events,
      bytes: now.bytes - last.bytes,
      errors: now.errors - last.errors,
      deadLetters: now.deadLetters - last.deadLetters,
      retries: now.retries - last.retries,
      lastSourceTimestamp: m.lastSourceTimestamp,
      inFlight: now.inFlight,
      maxInFlight: now.maxInFlight,
    });
  }
}

/** What `GET /jobs/{name}/metrics` shows of one task, under `tasks`. */
export interface TaskMetricsView {
  task: number;
  state: 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';
  events_processed: number;
  events_in_flight: number;
  restarts: number;
}
