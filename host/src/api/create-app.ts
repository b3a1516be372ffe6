import Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from '@mstream/sdk';
import { ApiRoutes } from './api-routes.js';
import type { ApiDeps } from './api-deps.js';
import { apiError, errorHandler } from './api-error.js';
import { requireToken } from './auth.js';
import { tokensRequired, type AccessSettings } from './security/access-settings.js';
import type { ServedAddress } from './security/served-address.js';
import { hostGuard } from './security/host-guard.js';
import { originGuard } from './security/origin-guard.js';
import { contentTypeGuard } from './security/content-type-guard.js';
import { browserHeaders } from './security/browser-headers.js';
import { auditMiddleware } from './security/audit-middleware.js';
import type { AuditLog } from '../stores/audit-log.js';
import { AUDIT_PATH, registerAuditRoutes } from './routes/audit-routes.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerReadinessRoutes } from './routes/readiness-routes.js';
import type { ReadinessCheck } from './readiness.js';
import { SAFE_METHODS } from './auth.js';
import { registerSystemRoutes } from './routes/system-routes.js';
import { registerJobRoutes } from './routes/job-routes.js';
import { registerServiceRoutes } from './routes/service-routes.js';
import { registerPluginRoutes } from './routes/plugin-routes.js';
import { registerLogRoutes } from './routes/log-routes.js';
import { registerTapRoutes, TAP_PATH } from './routes/tap-routes.js';
import { registerTestSuiteRoutes } from './routes/test-suite-routes.js';
import { registerWorkspaceRoutes } from './routes/workspace-routes.js';
import { registerTransformRoutes } from './routes/transform-routes.js';
import { registerSchemaToolRoutes } from './routes/schema-tool-routes.js';
import { HOME_SCRIPT, homePage } from './home-page.js';
import { serveDashboard } from './serve-dashboard.js';

export interface AppOptions {
  access: AccessSettings;
  /** Where the server listens; read per request, since the port is known only once it listens. */
  served: () => ServedAddress;
  audit: AuditLog;
  /** `/ready`'s answer (phase and system stores). */
  readiness: ReadinessCheck;
  /** False while the host drains after SIGTERM: changes then get 503 so no new job starts. */
  acceptsChanges: () => boolean;
  bodyLimitBytes: number;
  logger: Logger;
  scrub: (text: string) => string;
}

/**
 * The Koa application. Order matters: the audit log sees every outcome, refusals included; the
 * host and origin guards run before the token check, so a foreign page learns nothing, not even
 * whether a token is needed; the content type is checked before any route reads a body.
 */
export function createApp(deps: ApiDeps, options: AppOptions): Koa {
  const app = new Koa();
  app.proxy = false;
  // Koa reports stream errors here; a client closing an SSE stream early is normal.
  app.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ERR_STREAM_PREMATURE_CLOSE' || error.code === 'ECONNRESET' || error.code === 'EPIPE') return;
    options.logger.warn({ err: options.scrub(error.message) }, 'HTTP server error');
  });
  const router = new Router();
  const api = new ApiRoutes(router, options.bodyLimitBytes);
  registerSystemRoutes(api, deps);
  registerJobRoutes(api, deps);
  registerServiceRoutes(api, deps);
  registerPluginRoutes(api, deps);
  registerLogRoutes(api, deps);
  registerTapRoutes(api, deps);
  registerTestSuiteRoutes(api, deps);
  registerWorkspaceRoutes(api, deps);
  registerTransformRoutes(api, deps);
  registerSchemaToolRoutes(api, deps);
  registerAuthRoutes(api, tokensRequired(options.access));
  registerReadinessRoutes(api, options.readiness);
  registerAuditRoutes(api, options.audit);
  // The built dashboard when there is one; else the plain status page at `/`.
  const dashboard = serveDashboard((path) => router.stack.some((layer) => layer.match(path)));
  if (!dashboard) {
    router.get('/', (ctx) => {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = homePage(deps.version);
    });
    router.get('/home.js', (ctx) => {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.body = HOME_SCRIPT;
    });
  }

  const { access, served } = options;
  app.use(auditMiddleware(options.audit));
  app.use(errorHandler(options.logger, options.scrub));
  app.use(browserHeaders());
  app.use(hostGuard(served, access.allowedHosts));
  app.use(originGuard(served, access.allowedOrigins, access.allowedHosts));
  app.use(contentTypeGuard());
  app.use(requireToken(access, {
    isStaticAsset: (path) => path === '/' || path === '/home.js' || (dashboard?.isStaticAsset(path) ?? false),
    isAdminOnly: (path) => path === AUDIT_PATH || TAP_PATH.test(path),
  }));
  app.use(async (ctx, next) => {
    if (!SAFE_METHODS.has(ctx.method) && !options.acceptsChanges()) {
      ctx.set('Retry-After', '5');
      throw apiError('MS_ERR_UNAVAILABLE', 'the host is shutting down and accepts no changes');
    }
    return next();
  });
  app.use(router.routes());
  app.use(async (ctx, next) => {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) {
      const allowed = router.stack.filter((layer) => layer.match(ctx.path)).flatMap((layer) => layer.methods);
      if (allowed.length) {
        ctx.set('Allow', [...new Set(allowed)].join(', '));
        ctx.status = 405;
        ctx.body = { message: `${ctx.method} is not allowed on ${ctx.path} (allowed: ${[...new Set(allowed)].join(', ')})`, code: 'MS_ERR_BAD_REQUEST' };
        return;
      }
      throw apiError('MS_ERR_ROUTE_NOT_FOUND', `no route for ${ctx.method} ${ctx.path}`);
    }
  });
  // Last, so API routes always win; it only answers what no route matched.
  if (dashboard) app.use(dashboard.middleware);
  return app;
}
