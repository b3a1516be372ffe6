import { COUNT, object, STRING, type JsonSchema } from './json-schema.js';

/** Monitoring: health, totals and this document itself. */
export const SYSTEM_SCHEMAS= {
  Health: object(
    {
      status: { type: 'string', enum: ['healthy', 'degraded', 'starting'], description: '"degraded" when any job failed; "starting" while the host opens its stores (GET /ready says when it is ready)' },
      version: STRING,
      sdk_version: STRING,
      host_id: { ...STRING, description: 'This host\'s name in job leases' },
      uptime_seconds: COUNT,
      failed_jobs: COUNT,
      retrying_jobs: COUNT,
    },
    ['status', 'version', 'sdk_version', 'uptime_seconds', 'failed_jobs', 'retrying_jobs'],
    false,
  ),
  Stats: object(
    {
      total_events_processed: COUNT,
      total_bytes_processed: COUNT,
      total_errors: COUNT,
      total_dead_letters: COUNT,
      uptime_seconds: COUNT,
      running_jobs: COUNT,
      stopped_jobs: COUNT,
      error_jobs: COUNT,
    },
    ['total_events_processed', 'total_bytes_processed', 'total_errors', 'total_dead_letters', 'uptime_seconds', 'running_jobs', 'stopped_jobs', 'error_jobs'],
    false,
    'Totals across running jobs, and jobs by state',
  ),
  Readiness: object(
    {
      status: { type: 'string', enum: ['ready', 'not_ready'] },
      phase: { type: 'string', enum: ['starting', 'ready', 'draining', 'stopped'] },
      reason: { ...STRING, description: 'Why it is not ready: starting, draining, or which system store is unreachable' },
    },
    ['status', 'phase'],
    false,
    'Whether the host takes work: for orchestrators\' readiness probes',
  ),
  OpenApiDocument: object({ openapi: STRING, info: { type: 'object', additionalProperties: true }, paths: { type: 'object', additionalProperties: true } }, ['openapi', 'info', 'paths'], true, 'An OpenAPI 3.0 document'),
} satisfies Record<string, JsonSchema>;
