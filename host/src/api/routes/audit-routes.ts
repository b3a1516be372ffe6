import type { AuditLog } from '../../stores/audit-log.js';
import type { ApiRoutes } from '../api-routes.js';
import { apiError } from '../api-error.js';

export const AUDIT_PATH = '/audit';

/** `GET /audit?limit=N`: the newest audited requests first (admin role only; see auth.ts). */
export function registerAuditRoutes(api: ApiRoutes, audit: AuditLog): void {
  api.add({
    method: 'get', path: AUDIT_PATH, tag: 'security', summary: 'Requests that changed or tried to change something, newest first (admin only)',
    query: { limit: { description: 'at most this many entries (1-10000, default 100)', type: 'integer' } },
    handler: async (ctx) => {
      const raw = ctx.query.limit;
      const limit = raw === undefined ? 100 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw apiError('MS_ERR_BAD_REQUEST', 'query parameter limit must be an integer from 1 to 10000');
      return audit.list(limit);
    },
  });
}
