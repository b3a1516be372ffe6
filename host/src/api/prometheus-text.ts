import type { JobRecord } from '../stores/store-types.js';
import type { JobMetrics } from '../runtime/job-metrics.js';

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  value: (m: JobMetrics) => number;
}

const FAMILIES: Family[] = [
  { name: 'mstream_job_events_processed_total', help: 'Events written by every sink', type: 'counter', value: (m) => m.eventsProcessed },
  { name: 'mstream_job_bytes_processed_total', help: 'Source payload bytes processed', type: 'counter', value: (m) => m.bytesProcessed },
  { name: 'mstream_job_errors_total', help: 'Events that could not be processed', type: 'counter', value: (m) => m.totalErrors },
  { name: 'mstream_job_dead_letters_total', help: 'Events sent to the dead-letter store', type: 'counter', value: (m) => m.deadLetters },
  { name: 'mstream_job_retries_total', help: 'Retries after retriable errors', type: 'counter', value: (m) => m.retries },
  { name: 'mstream_job_events_in_flight', help: 'Events read but not yet written by every sink', type: 'gauge', value: (m) => m.inFlight() },
  { name: 'mstream_job_lag_seconds', help: 'Now minus the newest processed source timestamp', type: 'gauge', value: (m) => m.lagSeconds() },
  { name: 'mstream_job_throughput_events_per_second', help: 'Events per second over the last 10 s', type: 'gauge', value: (m) => m.throughputPerSecond() },
];

/** Prometheus text format 0.0.4. Counters restart at zero when a job restarts, as Prometheus expects. */
export function renderPrometheus(jobs: JobRecord[], metricsOf: (name: string) => JobMetrics | undefined, uptimeSeconds: number): string {
  const lines: string[] = [
    '# HELP mstream_uptime_seconds Seconds since the host started',
    '# TYPE mstream_uptime_seconds gauge',
    `mstream_uptime_seconds ${uptimeSeconds}`,
    '# HELP mstream_job_up 1 when the job is in the labelled state',
    '# TYPE mstream_job_up gauge',
  ];
  for (const job of jobs) {
    for (const state of ['running', 'stopped', 'failed']) lines.push(`mstream_job_up{job="${label(job.name)}",state="${state}"} ${job.state === state ? 1 : 0}`);
  }
  for (const family of FAMILIES) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const job of jobs) {
      const metrics = metricsOf(job.name);
      if (metrics) lines.push(`${family.name}{job="${label(job.name)}"} ${family.value(metrics)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
