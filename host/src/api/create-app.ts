import Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from '@mstream/sdk';
import { ApiRoutes } from './api-routes.js';
import type { ApiDeps } from './api-deps.js';
import { apiError, errorHandler } from './api-error.js';
import { requireToken } from './auth.js';
import { registerSystemRoutes } from './routes/system-routes.js';
import { registerJobRoutes } from './routes/job-routes.js';
import { registerServiceRoutes } from './routes/service-routes.js';
import { registerPluginRoutes } from './routes/plugin-routes.js';
import { registerLogRoutes } from './routes/log-routes.js';
import { registerTestSuiteRoutes } from './routes/test-suite-routes.js';
import { registerTransformRoutes } from './routes/transform-routes.js';
import { registerSchemaToolRoutes } from './routes/schema-tool-routes.js';
import { homePage } from './home-page.js';
import { serveDashboard } from './serve-dashboard.js';

export interface AppOptions {
  apiToken?: string;
  bodyLimitBytes: number;
  logger: Logger;
  scrub: (text: string) => string;
}

/** The Koa application: error mapping, token check, every route, JSON 404s. */
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
  registerTestSuiteRoutes(api, deps);
  registerTransformRoutes(api, deps);
  registerSchemaToolRoutes(api, deps);
  // The built dashboard when there is one; else the plain status page at `/`.
  const dashboard = serveDashboard((path) => router.stack.some((layer) => layer.match(path)));
  if (!dashboard) {
    router.get('/', (ctx) => {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = homePage(deps.version);
    });
  }

  app.use(errorHandler(options.logger, options.scrub));
  app.use(requireToken(options.apiToken, (path) => path === '/' || (dashboard?.isStaticAsset(path) ?? false)));
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
