import type { Context, Next } from 'koa';
import { apiError } from './api-error.js';
import { tokensRequired, type AccessSettings } from './security/access-settings.js';
import { FailedAuthLimiter } from './security/failed-auth-limiter.js';
import { TokenCheck, type Role } from './security/token-check.js';

/** Routes anyone may call even when tokens are set (load balancers and orchestrators probe them). */
export const PUBLIC_PATHS = new Set(['/health', '/ready']);

/** Methods that change nothing: the only ones a read token may use. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthOptions {
  /** The dashboard's static files hold no data and must load before the token prompt. */
  isStaticAsset: (path: string) => boolean;
  /** GET routes that still need the admin token (the audit log). */
  isAdminOnly: (path: string) => boolean;
  limiter?: FailedAuthLimiter;
}

/** The role the request acts with, for handlers and the audit log. */
export const roleOf = (ctx: Context): Role => (ctx.state.role as Role | undefined) ?? 'none';

/**
 * Roles. With no token configured every request acts as `none` and may do everything (the host
 * then listens on loopback only, behind the origin and host guards). With tokens, every route but
 * the public ones needs `Authorization: Bearer <token>`: the admin token may do everything, a read
 * token only GET/HEAD (403 otherwise). Wrong tokens count against the caller's address and a burst
 * of them is answered 429 for a while, so tokens cannot be guessed at network speed.
 */
export function requireToken(settings: AccessSettings, options: AuthOptions) {
  const check = new TokenCheck(settings.adminTokens, settings.readTokens);
  const required = tokensRequired(settings);
  const limiter = options.limiter ?? new FailedAuthLimiter();
  return async (ctx: Context, next: Next) => {
    ctx.state.role = 'none';
    if (!required || PUBLIC_PATHS.has(ctx.path) || ((ctx.method === 'GET' || ctx.method === 'HEAD') && options.isStaticAsset(ctx.path))) return next();
    const address = ctx.ip;
    const wait = limiter.retryAfterSeconds(address);
    if (wait > 0) {
      ctx.set('Retry-After', String(wait));
      throw apiError('MS_ERR_TOO_MANY_REQUESTS', `too many requests with a wrong API token from ${address}; retry in ${wait} s`);
    }
    const header = ctx.get('authorization');
    if (!header) throw apiError('MS_ERR_UNAUTHORIZED', 'missing API token: send "Authorization: Bearer <token>" (MSTREAM_API_TOKEN, or MSTREAM_API_READ_TOKEN to read only)');
    const role = header.startsWith('Bearer ') ? check.roleOf(header.slice(7).trim()) : undefined;
    if (!role) {
      limiter.recordFailure(address);
      throw apiError('MS_ERR_UNAUTHORIZED', 'invalid API token: send "Authorization: Bearer <token>" (MSTREAM_API_TOKEN, or MSTREAM_API_READ_TOKEN to read only)');
    }
    ctx.state.role = role;
    if (role === 'read' && (!SAFE_METHODS.has(ctx.method) || options.isAdminOnly(ctx.path))) {
      throw apiError('MS_ERR_FORBIDDEN', `${ctx.method} ${ctx.path} needs the admin role (MSTREAM_API_TOKEN); this token has the read role`, { required_role: 'admin', role });
    }
    return next();
  };
}
