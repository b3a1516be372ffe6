import type { ApiRoutes } from '../api-routes.js';
import { roleOf } from '../auth.js';
import { schema } from '../schemas/index.js';

/**
 * `GET /auth/session`: which role the caller's token has, so the dashboard can disable what it
 * may not do. `none` means this host has no tokens, and then anyone who reaches it may write.
 */
export function registerAuthRoutes(api: ApiRoutes, tokensRequired: boolean): void {
  api.add({
    method: 'get', path: '/auth/session', tag: 'security', summary: 'The role of the caller\'s token and whether it may change things',
    response: schema('Session'),
    handler: (ctx) => {
      const role = roleOf(ctx);
      return { role, can_write: role !== 'read', token_required: tokensRequired };
    },
  });
}
