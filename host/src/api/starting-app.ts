import Koa from 'koa';
import type { Logger } from '@mstream/sdk';
import { SDK_VERSION } from '@mstream/sdk';
import { apiError, errorHandler } from './api-error.js';
import { browserHeaders } from './security/browser-headers.js';
import { hostGuard } from './security/host-guard.js';
import type { ServedAddress } from './security/served-address.js';
import type { ReadinessCheck } from './readiness.js';
import { answerReadiness } from './routes/readiness-routes.js';

export interface StartingAppOptions {
  version: string;
  hostId: string;
  startedAt: number;
  served: () => ServedAddress;
  allowedHosts: string[];
  readiness: ReadinessCheck;
  logger: Logger;
  scrub: (text: string) => string;
}

/**
 * What the port answers while the host starts (plugins load, stores open, jobs start): the
 * process is alive (`/health` 200, status `starting`) but not ready (`/ready` 503), and every
 * other route is 503 with Retry-After. It holds no data, but the DNS-rebinding guard still applies.
 */
export function createStartingApp(options: StartingAppOptions): Koa {
  const app = new Koa();
  app.use(errorHandler(options.logger, options.scrub));
  app.use(browserHeaders());
  app.use(hostGuard(options.served, options.allowedHosts));
  app.use(async (ctx) => {
    if (ctx.path === '/ready') return answerReadiness(ctx, options.readiness);
    if (ctx.path === '/health' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      ctx.body = {
        status: 'starting', version: options.version, sdk_version: SDK_VERSION, host_id: options.hostId,
        uptime_seconds: Math.floor((Date.now() - options.startedAt) / 1000), failed_jobs: 0, retrying_jobs: 0,
      };
      return;
    }
    ctx.set('Retry-After', '1');
    throw apiError('MS_ERR_UNAVAILABLE', 'the host is starting; retry in a moment (GET /ready says when it is ready)');
  });
  return app;
}
