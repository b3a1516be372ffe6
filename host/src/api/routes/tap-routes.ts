import { PassThrough } from 'node:stream';
import type { ApiRoutes } from '../api-routes.js';
import type { ApiDeps } from '../api-deps.js';
import { TAP_STAGE } from '../schemas/tap-schemas.js';
import { parseTapStage, TapSampler, tapStageName, type TapEvent } from '../../runtime/job-tap.js';

const KEEPALIVE_MS = 15_000;
export const TAP_DEFAULT_LIMIT = 100;
export const TAP_DEFAULT_RATE = 20;
/** The tap's path, for the admin-only check (payloads are user data). */
export const TAP_PATH = /^\/jobs\/[^/]+\/tap\/?$/;

/**
 * GET /jobs/{name}/tap: samples of a running job's events at one stage, as server-sent events.
 * Sampling happens on the job's thread but costs one rate check per event; the decoding and
 * writing are done only for the events kept (at most `rate` a second). A slow client does not
 * slow the job: what the socket has not taken yet is bounded, the rest is dropped.
 */
export function registerTapRoutes(api: ApiRoutes, deps: ApiDeps): void {
  api.add({
    method: 'get', path: '/jobs/:name/tap', tag: 'jobs', raw: true,
    summary: 'Server-sent events: samples of a running job\'s events at one stage (admin role)',
    description:
      'Each `data:` frame is a TapEvent. The stream ends after `limit` events (then an `event: end` frame with `{"reason":"limit"}`) or when the job stops (`{"reason":"job stopped"}`). ' +
      'At most `rate` events per second are sent; the excess is dropped, the job never waits. 409 when the job is not running on this host.',
    query: {
      stage: { description: TAP_STAGE.description as string, schema: TAP_STAGE, required: true },
      limit: { description: `stop after this many events (default ${TAP_DEFAULT_LIMIT}, at most 10000)`, schema: { type: 'integer', minimum: 1, maximum: 10_000 } },
      rate: { description: `at most this many events per second (default ${TAP_DEFAULT_RATE}, at most 10000)`, schema: { type: 'integer', minimum: 1, maximum: 10_000 } },
    },
    response: { type: 'string', description: 'Server-sent events: `data: <TapEvent JSON>` per sampled event, then `event: end`' },
    contentType: 'text/event-stream',
    errors: [409],
    handler: async (ctx, _body, q: { stage: string; limit?: number; rate?: number }) => {
      const stage = parseTapStage(q.stage)!; // the schema's pattern admits only what parses
      const stageText = tapStageName(stage);
      const taps = await deps.jobs.taps(ctx.params.name, stage, stageText);
      const sampler = new TapSampler(q.limit ?? TAP_DEFAULT_LIMIT, q.rate ?? TAP_DEFAULT_RATE);
      const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
      ctx.req.socket.setTimeout(0);
      ctx.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      ctx.status = 200;
      ctx.body = stream;
      stream.write(`: tap of job ${ctx.params.name} at ${stageText}\n\n`);
      let ended = false;
      const finish = (reason: string) => {
        if (ended) return;
        ended = true;
        clearInterval(keepalive);
        unsubscribe();
        if (!stream.destroyed) {
          stream.write(`event: end\ndata: ${JSON.stringify({ reason, sent: sampler.taken, dropped: sampler.dropped })}\n\n`);
          stream.end();
        }
      };
      const unsubscribe = taps.subscribe(
        stage,
        (events) => {
          if (ended) return;
          const now = Date.now();
          const kept = sampler.take(events.length, now);
          // A client that does not read: drop rather than buffer without bound.
          if (kept === 0 || stream.writableLength > 4 * 1024 * 1024) return;
          let frames = '';
          for (let i = 0; i < kept; i++) frames += `data: ${JSON.stringify(taps.view(stageText, events[i], now) satisfies TapEvent)}\n\n`;
          stream.write(frames);
          if (sampler.full) setImmediate(() => finish('limit'));
        },
        () => finish('job stopped'),
      );
      const keepalive = setInterval(() => stream.write(': keep-alive\n\n'), KEEPALIVE_MS);
      ctx.req.once('close', () => {
        ended = true;
        clearInterval(keepalive);
        unsubscribe();
        stream.end();
      });
      stream.once('error', () => finish('error'));
    },
  });
}
