import { timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import { apiError } from './api-error.js';

/** Routes anyone may call even when a token is set (load balancers probe health). */
const PUBLIC_PATHS = new Set(['/health']);

/**
 * When an API token is configured, every route but `/health` (and the dashboard's static files,
 * which hold no data) needs `Authorization: Bearer <token>`. Compared in constant time.
 */
export function requireToken(token: string | undefined, isStaticAsset: (path: string) => boolean) {
  const expected = token ? Buffer.from(token) : undefined;
  return async (ctx: Context, next: Next) => {
    if (!expected || PUBLIC_PATHS.has(ctx.path) || ((ctx.method === 'GET' || ctx.method === 'HEAD') && isStaticAsset(ctx.path))) return next();
    const header = ctx.get('authorization');
    const given = header.startsWith('Bearer ') ? Buffer.from(header.slice(7).trim()) : undefined;
    if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw apiError('MS_ERR_UNAUTHORIZED', 'missing or invalid API token: send "Authorization: Bearer <MSTREAM_API_TOKEN>"');
    }
    return next();
  };
}
