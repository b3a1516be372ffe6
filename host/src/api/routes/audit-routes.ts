import type { AuditLog } from '../../stores/audit-log.js';
import type { ApiRoutes } from '../api-routes.js';
import { schema } from '../schemas/index.js';

export const AUDIT_PATH = '/audit';

/** `GET /audit?limit=N`: the newest audited requests first (admin role only; see auth.ts). */
export function registerAuditRoutes(api: ApiRoutes, audit: AuditLog): void {
  api.add({
    method: 'get', path: AUDIT_PATH, tag: 'security', summary: 'Requests that changed or tried to change something, newest first (admin only)',
    query: { limit: { description: 'at most this many entries (default 100)', schema: { type: 'integer', minimum: 1, maximum: 10_000 } } },
    response: schema('AuditList'),
    handler: (_ctx, _body, query: { limit?: number }) => audit.list(query.limit ?? 100),
  });
}
