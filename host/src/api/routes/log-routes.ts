import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import { LEVELS, matchesQuery, type LogLevelName, type LogQuery } from '../../logs/log-buffer.js';
import type { ApiRoutes, QuerySpec } from '../api-routes.js';
import { schema } from '../schemas/index.js';
import type { ApiDeps } from '../api-deps.js';
import { apiError } from '../api-error.js';
import { LOG_LEVEL } from '../schemas/log-schemas.js';

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
  const filters: Record<string, QuerySpec> = {
    job_name: { description: 'only this job', schema: { type: 'string' } },
    level: { description: 'minimum level', schema: LOG_LEVEL },
    search: { description: 'case-insensitive text in the message', schema: { type: 'string' } },
  };

  api.add({
    method: 'get', path: '/logs', tag: 'logs', summary: 'Recent log entries from the in-memory buffer',
    query: { ...filters, limit: { description: 'max entries (default 100; larger values are capped at 100000)', schema: { type: 'integer', minimum: 1 } }, since: { description: 'RFC 3339; entries at or after', schema: { type: 'string', format: 'date-time' } } },
    response: schema('LogList'),
    handler: (ctx, _body, q: { limit?: number }) => ({ logs: deps.logs.query({ ...parseQuery(ctx), limit: Math.min(q.limit ?? 100, 100_000) }) }),
  });

  api.add({
    method: 'get', path: '/logs/stream', tag: 'logs', summary: 'Server-sent events: recent entries, then live ones', raw: true,
    query: { ...filters, initial: { description: 'historical entries sent first (larger values are capped at 100000)', schema: { type: 'integer', minimum: 0 } } },
    response: { type: 'string', description: 'Server-sent events: `data: <LogEntry JSON>` per entry' }, contentType: 'text/event-stream',
    handler: (ctx, _body, q: { initial?: number }) => {
      const query = parseQuery(ctx);
      const initial = Math.min(q.initial ?? deps.streamPreloadCount, 100_000);
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
