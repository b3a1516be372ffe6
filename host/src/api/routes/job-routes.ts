import { ConfigValidationError, NotFoundError } from '@mstream/sdk';
import type { ConnectorConfig } from '../../config/config-types.js';
import type { Checkpoint } from '../../stores/store-types.js';
import { metricsView } from '../../runtime/job-metrics.js';
import { DRY_RUN_DEFAULT_EVENTS, DRY_RUN_DEFAULT_TIMEOUT_MS } from '../../runtime/dry-run.js';
import type { ApiRoutes } from '../api-routes.js';
import { schema } from '../schemas/index.js';
import type { ApiDeps } from '../api-deps.js';
import { apiError } from '../api-error.js';
import { describeCursor } from '../describe-cursor.js';

interface PositionBody {
  from_history?: string;
  cursor?: unknown;
  cursor_base64?: string;
}

/** A checkpoint as the API shows it: readable `cursor`, exact `cursor_base64` (what PUT takes back). */
function checkpointView(c: Checkpoint) {
  return { job_name: c.job_name, updated_at: c.updated_at, cursor: describeCursor(c.cursor), cursor_base64: c.cursor };
}

/** The position bytes a PUT /checkpoints body names; 400/404 for one that names none. */
function positionFrom(body: PositionBody, history: Checkpoint[]): Uint8Array {
  if (body.from_history !== undefined) {
    const cursors = new Set(history.filter((c) => c.updated_at === body.from_history).map((c) => c.cursor));
    if (cursors.size === 0) throw new NotFoundError(`no checkpoint with updated_at "${body.from_history}" in the job's history (GET /jobs/{name}/checkpoints lists them)`);
    if (cursors.size > 1) throw new ConfigValidationError([{ path: 'body.from_history', message: 'several checkpoints share this time: send the one you mean as cursor_base64' }]);
    return Buffer.from([...cursors][0], 'base64');
  }
  if (body.cursor_base64 !== undefined) return Buffer.from(body.cursor_base64, 'base64');
  if (body.cursor !== null && typeof body.cursor === 'object' && 'raw_base64' in body.cursor) {
    throw new ConfigValidationError([{ path: 'body.cursor', message: 'this position is binary: send its bytes as cursor_base64' }]);
  }
  return Buffer.from(JSON.stringify(body.cursor));
}

export function registerJobRoutes(api: ApiRoutes, deps: ApiDeps): void {
  const { jobs, stores } = deps;

  api.add({ method: 'get', path: '/jobs', tag: 'jobs', summary: 'List all jobs', response: schema('JobList'), handler: () => jobs.list() });

  api.add({
    method: 'post', path: '/jobs', tag: 'jobs', summary: 'Create and start a job (connector definition, same shape as TOML)',
    body: schema('Connector'), status: 201,
    check: (body) => jobs.check(body, 'body'),
    response: schema('JobEnvelope'), errors: [409],
    handler: async (_ctx, body: ConnectorConfig) => ({ message: 'job created successfully', item: await jobs.create(body, { path: 'body' }) }),
  });

  api.add({
    method: 'post', path: '/jobs/dry-run', tag: 'jobs',
    summary: 'Try a job definition on real source events: read a few without committing anything, run them through the pipeline, write nothing',
    description:
      'Reads up to `events` events from the source (opened so that reading has no side effects: no commits, no acknowledgements), runs each one through decoding, the middlewares, ' +
      'schema validation and the sinks\' encoding as the job would, and answers what each sink would have been given. An event that fails has its `error` (with the stage) and the run goes on. ' +
      '400 MS_ERR_UNSUPPORTED when the source cannot be read without side effects; the job body is validated as by POST /jobs.',
    body: schema('DryRunRequest'),
    check: (body: { job?: unknown }) => jobs.check(body.job, 'body.job'),
    response: schema('DryRunResult'),
    handler: (_ctx, body: { job: ConnectorConfig; events?: number; timeout_ms?: number }) =>
      jobs.dryRun(body.job, body.events ?? DRY_RUN_DEFAULT_EVENTS, body.timeout_ms ?? DRY_RUN_DEFAULT_TIMEOUT_MS, { path: 'body.job' }),
  });

  api.add({ method: 'get', path: '/jobs/:name', tag: 'jobs', summary: 'One job', response: schema('Job'), handler: (ctx) => jobs.get(ctx.params.name) });

  api.add({
    method: 'delete', path: '/jobs/:name', tag: 'jobs', summary: 'Stop and delete a job with its checkpoints and dead letters',
    response: schema('Message'),
    handler: async (ctx) => {
      await jobs.delete(ctx.params.name);
      return { message: `job "${ctx.params.name}" deleted` };
    },
  });

  api.add({
    method: 'post', path: '/jobs/:name/stop', tag: 'jobs', summary: 'Stop a job',
    response: schema('JobEnvelope'), errors: [409],
    handler: async (ctx) => ({ message: `job "${ctx.params.name}" stopped`, item: await jobs.stop(ctx.params.name) }),
  });

  api.add({
    method: 'post', path: '/jobs/:name/restart', tag: 'jobs', summary: 'Restart a job from its last checkpoint',
    response: schema('JobEnvelope'), errors: [409],
    handler: async (ctx) => ({ message: `job "${ctx.params.name}" restarted`, item: await jobs.restart(ctx.params.name) }),
  });

  api.add({
    method: 'get', path: '/jobs/:name/metrics', tag: 'monitoring', summary: 'Live metrics of a job (zeros when not running)',
    response: schema('JobMetrics'),
    handler: async (ctx) => {
      await jobs.get(ctx.params.name);
      return metricsView(jobs.metrics(ctx.params.name));
    },
  });

  api.add({
    method: 'get', path: '/jobs/:name/checkpoints', tag: 'jobs', summary: 'Checkpoint history, newest first (max 20)',
    response: schema('CheckpointList'),
    handler: async (ctx) => {
      await jobs.get(ctx.params.name);
      const history = await stores.checkpoints.history(ctx.params.name);
      return history.map(checkpointView);
    },
  });

  api.add({
    method: 'delete', path: '/jobs/:name/checkpoints', tag: 'jobs',
    summary: 'Reset a stopped job: forget its checkpoints, so the next run starts where the source starts without one',
    response: schema('Message'), errors: [409],
    handler: async (ctx) => {
      await jobs.setPosition(ctx.params.name, undefined);
      return { message: `job "${ctx.params.name}" will start without a checkpoint at its next run` };
    },
  });

  api.add({
    method: 'put', path: '/jobs/:name/checkpoints', tag: 'jobs',
    summary: 'Set where a stopped job resumes: an earlier checkpoint of its history, or a position given as JSON or base64',
    body: schema('PositionRequest'),
    response: schema('CheckpointEnvelope'), errors: [409],
    handler: async (ctx, body: PositionBody) => {
      const name = ctx.params.name;
      const history = await stores.checkpoints.history(name);
      const cursor = positionFrom(body, history);
      await jobs.setPosition(name, cursor);
      const [latest] = await stores.checkpoints.history(name, 1);
      return { message: `job "${name}" will resume from this position at its next run`, item: checkpointView(latest) };
    },
  });

  api.add({
    method: 'get', path: '/jobs/:name/dead-letters', tag: 'dead letters', summary: 'Dead letters of a job, oldest first',
    query: {
      limit: { description: 'max entries (default 100; larger values are capped at 1000)', schema: { type: 'integer', minimum: 1 } },
      offset: { description: 'entries to skip (default 0)', schema: { type: 'integer', minimum: 0 } },
    },
    response: schema('DeadLetterPage'),
    handler: async (ctx, _body, query: { limit?: number; offset?: number }) => {
      await jobs.get(ctx.params.name);
      const limit = Math.min(query.limit ?? 100, 1000);
      return { job_name: ctx.params.name, ...(await stores.deadLetters.list(ctx.params.name, { limit, offset: query.offset ?? 0 })) };
    },
  });

  api.add({
    method: 'get', path: '/jobs/:name/dead-letters/:id', tag: 'dead letters', summary: 'One dead letter with its original payload (base64)',
    response: schema('DeadLetter'),
    handler: async (ctx) => {
      const entry = await stores.deadLetters.get(ctx.params.name, ctx.params.id);
      if (!entry) throw new NotFoundError(`dead letter "${ctx.params.id}" of job "${ctx.params.name}" not found`);
      return entry;
    },
  });

  api.add({
    method: 'post', path: '/jobs/:name/dead-letters/redrive', tag: 'dead letters',
    summary: 'Re-drive dead letters through the running job from the stage where each failed (all, or the given ids)',
    body: schema('RedriveRequest'), optionalBody: true,
    response: schema('RedriveResult'), errors: [409],
    handler: async (ctx, body: { ids?: string[] }) => {
      const name = ctx.params.name;
      await jobs.get(name);
      const runner = jobs.runner(name);
      const entries = body.ids
        ? await Promise.all(body.ids.map(async (id) => (await stores.deadLetters.get(name, id)) ?? Promise.reject(new NotFoundError(`dead letter "${id}" not found`))))
        : (await stores.deadLetters.list(name, { limit: 1000 })).items;
      const results: Array<{ id: string; redriven: boolean; reason?: string }> = [];
      for (const entry of entries) {
        try {
          await runner.redrive(entry);
          await stores.deadLetters.delete(name, [entry.id]);
          results.push({ id: entry.id, redriven: true });
        } catch (error) {
          const now = new Date().toISOString();
          await stores.deadLetters.update({ ...entry, attempts: entry.attempts + 1, reason: (error as Error).message, updated_at: now });
          results.push({ id: entry.id, redriven: false, reason: (error as Error).message });
        }
      }
      return { redriven: results.filter((r) => r.redriven).length, failed: results.filter((r) => !r.redriven).length, results };
    },
  });

  api.add({
    method: 'delete', path: '/jobs/:name/dead-letters/:id', tag: 'dead letters', summary: 'Discard one dead letter',
    response: schema('Message'),
    handler: async (ctx) => {
      const removed = await stores.deadLetters.delete(ctx.params.name, [ctx.params.id]);
      if (!removed) throw new NotFoundError(`dead letter "${ctx.params.id}" of job "${ctx.params.name}" not found`);
      return { message: 'dead letter discarded' };
    },
  });

  api.add({
    method: 'delete', path: '/jobs/:name/dead-letters', tag: 'dead letters', summary: 'Discard every dead letter of a job',
    response: schema('Message'),
    handler: async (ctx) => {
      await jobs.get(ctx.params.name);
      await stores.deadLetters.deleteAll(ctx.params.name);
      return { message: 'dead letters discarded' };
    },
  });
}

export function boundedInt(raw: unknown, fallback: number, min: number, max: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw apiError('MS_ERR_BAD_REQUEST', `query parameter ${name} must be an integer ≥ ${min}`);
  return Math.min(value, max);
}
