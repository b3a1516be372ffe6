import { SDK_VERSION } from '@mstream/sdk';
import type { ApiRoutes } from '../api-routes.js';
import { schema } from '../schemas/index.js';
import type { ApiDeps } from '../api-deps.js';
import { renderPrometheus } from '../prometheus-text.js';

export function registerSystemRoutes(api: ApiRoutes, deps: ApiDeps): void {
  const uptime = () => Math.floor((Date.now() - deps.startedAt) / 1000);

  api.add({
    method: 'get', path: '/health', tag: 'monitoring', summary: 'Health, version and uptime ("degraded" when any job failed)',
    response: schema('Health'),
    handler: async () => {
      const jobs = await deps.jobs.list();
      const failed = jobs.filter((j) => j.state === 'failed').length;
      const retrying = jobs.filter((j) => j.state === 'running' && j.error?.retrying).length;
      return { status: failed > 0 ? 'degraded' : 'healthy', version: deps.version, sdk_version: SDK_VERSION, host_id: deps.hostId, uptime_seconds: uptime(), failed_jobs: failed, retrying_jobs: retrying };
    },
  });

  api.add({
    method: 'get', path: '/stats', tag: 'monitoring', summary: 'Totals across running jobs and job counts by state',
    response: schema('Stats'),
    handler: async () => {
      const jobs = await deps.jobs.list();
      const running = deps.jobs.runningMetrics();
      return {
        total_events_processed: running.reduce((n, m) => n + m.eventsProcessed, 0),
        total_bytes_processed: running.reduce((n, m) => n + m.bytesProcessed, 0),
        total_errors: running.reduce((n, m) => n + m.totalErrors, 0),
        total_dead_letters: running.reduce((n, m) => n + m.deadLetters, 0),
        uptime_seconds: uptime(),
        running_jobs: jobs.filter((j) => j.state === 'running').length,
        stopped_jobs: jobs.filter((j) => j.state === 'stopped').length,
        error_jobs: jobs.filter((j) => j.state === 'failed').length,
      };
    },
  });

  api.add({
    method: 'get', path: '/metrics', tag: 'monitoring', summary: 'Prometheus text exposition of every job\'s counters', raw: true,
    response: { type: 'string', description: 'Prometheus text format 0.0.4' }, contentType: 'text/plain',
    handler: async (ctx) => {
      ctx.type = 'text/plain; version=0.0.4; charset=utf-8';
      ctx.body = renderPrometheus(await deps.jobs.list(), (name) => deps.jobs.metrics(name), uptime());
    },
  });

  api.add({
    method: 'get', path: '/openapi.json', tag: 'monitoring', summary: 'This API described as OpenAPI 3',
    response: schema('OpenApiDocument'),
    handler: () => api.openapi(deps.version),
  });
}
