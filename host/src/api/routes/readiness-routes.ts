import type { Context } from 'koa';
import type { ApiRoutes } from '../api-routes.js';
import type { ReadinessCheck } from '../readiness.js';
import { schema } from '../schemas/index.js';

/** Writes `/ready`'s answer: 200 `{status: "ready"}`, or 503 with the phase and the reason. */
export async function answerReadiness(ctx: Context, check: ReadinessCheck): Promise<void> {
  const state = await check();
  ctx.status = state.ready ? 200 : 503;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = state.ready ? { status: 'ready', phase: state.phase } : { status: 'not_ready', phase: state.phase, reason: state.reason ?? state.phase };
}

/**
 * `GET /ready`: readiness for orchestrators (a Kubernetes readinessProbe). 200 once plugins are
 * loaded, stores open and the startup jobs started; 503 while starting, while draining after
 * SIGTERM, or while a system store does not answer. `/health` stays the liveness check.
 */
export function registerReadinessRoutes(api: ApiRoutes, check: ReadinessCheck): void {
  api.add({
    method: 'get', path: '/ready', tag: 'monitoring', summary: 'Readiness: 200 when serving, 503 while starting, draining or cut off from a system store', raw: true,
    response: schema('Readiness'),
    otherResponses: { 503: { description: 'Not ready: starting, draining, or a system store is unreachable', schema: schema('Readiness') } },
    handler: (ctx) => answerReadiness(ctx, check),
  });
}
