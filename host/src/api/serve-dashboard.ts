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

/** Where the dashboard lives: every page and file under it, so no page URL meets an API path. */
export const DASHBOARD_PREFIX = '/ui';

export interface DashboardServer {
  /** True for a GET path the dashboard answers without data: `/`, everything under `/ui`, and non-API page paths (redirected). */
  isStaticAsset(urlPath: string): boolean;
  /** Koa middleware; put it after every API route so the API always wins. */
  middleware(ctx: Context, next: Next): Promise<void>;
}

/**
 * Serves the built dashboard (`vite build` output, `base: '/ui/'`) under `/ui/`, or returns
 * undefined when it was not built, so the host keeps its plain status page. `/ui/<file>` is the
 * file; any other extension-less path under `/ui/` is a client-side page (typed, bookmarked,
 * reloaded) and gets index.html. `/` and `/ui` redirect to `/ui/` (a browser keeps the `#/…` of
 * an old hash link across the redirect, and the app turns it into the path). A browser navigation
 * (`Accept: text/html`) to another path no API route knows is sent to the same path under `/ui/`;
 * API clients keep getting JSON, and `isApiPath` paths are never touched.
 */
export function serveDashboard(isApiPath: (urlPath: string) => boolean, dir = process.env.MSTREAM_DASHBOARD_DIR ?? DEFAULT_DASHBOARD_DIR): DashboardServer | undefined {
  const root = path.resolve(dir);
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) return undefined;

  /** The file a path under `/ui/` names inside the dist folder; never outside it (`..`, encoded or not). */
  const fileOf = (subPath: string): string | undefined => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(subPath);
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
  const underPrefix = (urlPath: string) => urlPath === DASHBOARD_PREFIX || urlPath.startsWith(`${DASHBOARD_PREFIX}/`);
  // An extension-less path that is no API route: a page URL typed without the prefix.
  const isPagePath = (urlPath: string) => !isApiPath(urlPath) && path.extname(urlPath) === '' && !urlPath.startsWith('//');
  const redirect = (ctx: Context, to: string) => {
    ctx.status = 302;
    ctx.set('Location', to + (ctx.querystring ? `?${ctx.querystring}` : ''));
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = '';
  };

  return {
    isStaticAsset: (urlPath) => urlPath === '/' || underPrefix(urlPath) || isPagePath(urlPath),
    async middleware(ctx, next) {
      if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
      if (ctx.path === '/' || ctx.path === DASHBOARD_PREFIX) return redirect(ctx, `${DASHBOARD_PREFIX}/`);
      if (!underPrefix(ctx.path)) {
        // A page URL without the prefix (`/some/page` typed by hand): the same page under /ui/.
        const browser = (ctx.get('accept') ?? '').includes('text/html');
        if (browser && isPagePath(ctx.path)) return redirect(ctx, DASHBOARD_PREFIX + ctx.path);
        return next();
      }
      const sub = ctx.path.slice(DASHBOARD_PREFIX.length);
      let file = sub === '/' ? index : fileOf(sub);
      // Extension-less: a client-side page. A missing file (`/ui/assets/gone.js`) stays a 404.
      if (!file && path.extname(sub) === '') file = index;
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
