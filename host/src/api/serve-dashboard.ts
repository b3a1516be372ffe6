import { existsSync, statSync, createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'koa';

const HOST_PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The built dashboard: `dashboard/` inside the host package when installed from a registry (the
 * release copies it there at pack time), else `dashboard/dist` of the repository. The same
 * relative places from `src/api` (tsx) and `dist/api` (tsc).
 */
export const DEFAULT_DASHBOARD_DIR = [path.join(HOST_PACKAGE, 'dashboard'), path.resolve(HOST_PACKAGE, '../dashboard/dist')]
  .find((dir) => existsSync(path.join(dir, 'index.html'))) ?? path.resolve(HOST_PACKAGE, '../dashboard/dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface DashboardServer {
  /** True for a GET path the dashboard answers without data: its files, `/`, and SPA paths. */
  isStaticAsset(urlPath: string): boolean;
  /** Koa middleware; put it after every API route so the API always wins. */
  middleware(ctx: Context, next: Next): Promise<void>;
}

/**
 * Serves the built dashboard (`vite build` output) with an SPA fallback, or returns undefined when
 * it was not built, so the host keeps its plain status page. `isApiPath` tells which paths belong
 * to the API: those are never answered with the dashboard's index.html.
 */
export function serveDashboard(isApiPath: (urlPath: string) => boolean, dir = process.env.MSTREAM_DASHBOARD_DIR ?? DEFAULT_DASHBOARD_DIR): DashboardServer | undefined {
  const root = path.resolve(dir);
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) return undefined;

  /** The file a URL path names inside the dist folder; never outside it (`..`, encoded or not). */
  const fileOf = (urlPath: string): string | undefined => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const file = path.join(root, path.normalize(decoded));
    if (file !== root && !file.startsWith(root + path.sep)) return undefined;
    try {
      return statSync(file).isFile() ? file : undefined;
    } catch {
      return undefined;
    }
  };
  // An extension-less path that is no API route is a client-side page (deep link, reload).
  const isSpaPath = (urlPath: string) => !isApiPath(urlPath) && path.extname(urlPath) === '';

  return {
    isStaticAsset: (urlPath) => urlPath === '/' || fileOf(urlPath) !== undefined || isSpaPath(urlPath),
    async middleware(ctx, next) {
      if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
      let file = ctx.path === '/' ? index : fileOf(ctx.path);
      // The fallback answers browsers only: API clients keep getting JSON 404s for unknown paths.
      if (!file && isSpaPath(ctx.path) && (ctx.get('accept') ?? '').includes('text/html')) file = index;
      if (!file) return next();
      const stat = statSync(file);
      ctx.status = 200;
      ctx.type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      ctx.length = stat.size;
      // Vite names bundled assets by content hash, so they never change; index.html must be revalidated
      // or a rebuilt dashboard would keep loading the old bundle.
      const hashed = file.startsWith(path.join(root, 'assets') + path.sep);
      ctx.set('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.lastModified = stat.mtime;
      if (ctx.fresh) {
        ctx.status = 304;
        return;
      }
      if (ctx.method === 'HEAD') {
        // Koa sends no body for HEAD; an empty one avoids opening a stream nobody reads.
        ctx.body = '';
        ctx.length = stat.size;
        return;
      }
      ctx.body = createReadStream(file);
    },
  };
}
