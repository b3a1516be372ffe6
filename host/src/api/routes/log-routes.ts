import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import { LEVELS, matchesQuery, type LogLevelName, type LogQuery } from '../../logs/log-buffer.js';
import type { ApiRoutes } from '../api-routes.js';
import type { ApiDeps } from '../api-deps.js';
import { apiError } from '../api-error.js';
import { boundedInt } from './job-routes.js';

const KEEPALIVE_MS = 30_000;

function parseQuery(ctx: Context): LogQuery {
  const q = ctx.query;
  const query: LogQuery = {};
  if (typeof q.job_name === 'string' && q.job_name) query.job_name = q.job_name;
  if (typeof q.search === 'string' && q.search) query.search = q.search;
  if (typeof q.level === 'string' && q.level) {
    if (!(q.level in LEVELS)) throw apiError('MS_ERR_BAD_REQUEST', `level must be one of ${Object.keys(LEVELS).join(', ')}`);
    query.level = q.level as LogLevelName;
  }
  if (typeof q.since === 'string' && q.since) {
    const since = new Date(q.since);
    if (Number.isNaN(since.getTime())) throw apiError('MS_ERR_BAD_REQUEST', 'since must be an RFC 3339 timestamp');
    query.since = since;
  }
  return query;
}

export function registerLogRoutes(api: ApiRoutes, deps: ApiDeps): void {
  const filters = {
    job_name: { description: 'only this job' },
    level: { description: 'minimum level: trace, debug, info, warn, error' },
    search: { description: 'case-insensitive text in the message' },
  };

  api.add({
    method: 'get', path: '/logs', tag: 'logs', summary: 'Recent log entries from the in-memory buffer',
    query: { ...filters, limit: { description: 'max entries (default 100)', type: 'integer' }, since: { description: 'RFC 3339; entries at or after' } },
    handler: (ctx) => ({ logs: deps.logs.query({ ...parseQuery(ctx), limit: boundedInt(ctx.query.limit, 100, 1, 100_000, 'limit') }) }),
  });

  api.add({
    method: 'get', path: '/logs/stream', tag: 'logs', summary: 'Server-sent events: recent entries, then live ones', raw: true,
    query: { ...filters, initial: { description: 'historical entries sent first', type: 'integer' } },
    handler: (ctx) => {
      const query = parseQuery(ctx);
      const initial = boundedInt(ctx.query.initial, deps.streamPreloadCount, 0, 100_000, 'initial');
      const stream = new PassThrough();
      ctx.req.socket.setTimeout(0);
      ctx.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      ctx.status = 200;
      ctx.body = stream;
      const send = (entry: unknown) => stream.write(`data: ${JSON.stringify(entry)}\n\n`);
      if (initial > 0) for (const entry of deps.logs.query({ ...query, limit: initial })) send(entry);
      const unsubscribe = deps.logs.subscribe((entry) => {
        if (matchesQuery(entry, query)) send(entry);
      });
      const keepalive = setInterval(() => stream.write(': keep-alive\n\n'), KEEPALIVE_MS);
      const end = () => {
        clearInterval(keepalive);
        unsubscribe();
        stream.end();
      };
      ctx.req.once('close', end);
      stream.once('error', end);
    },
  });
}
