import type { Context, Next } from 'koa';
import type { AuditLog } from '../../stores/audit-log.js';
import { roleOf } from '../auth.js';

/** Methods that cannot change anything are not audited. */
const UNAUDITED = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Records every request that could change something, refused ones included, with the status it
 * got. Runs outside the error handler so refusals by the guards are seen with their 4xx. The path
 * is recorded without its query string, and never a body or a header.
 */
export function auditMiddleware(log: AuditLog) {
  return async (ctx: Context, next: Next) => {
    if (UNAUDITED.has(ctx.method)) return next();
    try {
      await next();
    } finally {
      log.record({ time: new Date().toISOString(), method: ctx.method, path: ctx.path.slice(0, 512), status: ctx.status, role: roleOf(ctx), remote: ctx.ip });
    }
  };
}
