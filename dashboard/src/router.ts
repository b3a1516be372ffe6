import { reactive, type Component } from 'vue';

/**
 * A tiny HTML5-history router under the dashboard's own prefix: `/ui/jobs/quickstart-users`. The
 * host serves the app for every path under `/ui/` (serve-dashboard.ts), so a page URL can be
 * typed, bookmarked and reloaded, and never collides with an API path like `/jobs`. Old hash
 * links (`/#/jobs/x`, which the host redirects to `/ui/#/jobs/x`) are rewritten to the path form.
 */
export interface RouteDef {
  pattern: string;
  name: string;
  component: () => Promise<Component>;
}

export interface CurrentRoute {
  name: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  component?: () => Promise<Component>;
}

/** `/ui/` (vite's `base`): every page URL starts with it. */
export const BASE = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

export const route = reactive<CurrentRoute>({ name: '', path: '/', params: {}, query: {} });
let routes: RouteDef[] = [];

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return undefined;
      }
    } else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

/** The app path of a URL path: `/ui/jobs/x` → `/jobs/x`; undefined outside the dashboard. */
function appPath(pathname: string): string | undefined {
  if (pathname === BASE.slice(0, -1)) return '/';
  return pathname.startsWith(BASE) ? `/${pathname.slice(BASE.length)}` : undefined;
}

/** The URL of an app path (with its query, if any): `/jobs/x?a=1` → `/ui/jobs/x?a=1`. */
function urlOf(to: string): string {
  return BASE + to.replace(/^#?\/*/, '');
}

/** `#/jobs/x` (an old hash link) becomes `/ui/jobs/x` without a new history entry. */
function upgradeHashLink(): void {
  if (!location.hash.startsWith('#/')) return;
  history.replaceState(history.state, '', urlOf(location.hash.slice(1)));
}

function resolve(): void {
  upgradeHashLink();
  const path = (appPath(location.pathname) ?? '/').replace(/(.)\/+$/, '$1');
  const query = Object.fromEntries(new URLSearchParams(location.search));
  for (const def of routes) {
    const params = match(def.pattern, path);
    if (params) {
      Object.assign(route, { name: def.name, path, params, query, component: def.component });
      return;
    }
  }
  Object.assign(route, { name: 'not-found', path, params: {}, query, component: undefined });
}

/** Same-document navigation for plain left clicks on links into the dashboard. */
function onClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || !anchor.hasAttribute('href') || (anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || appPath(url.pathname) === undefined) return;
  event.preventDefault();
  if (url.pathname + url.search !== location.pathname + location.search) history.pushState(null, '', url.pathname + url.search);
  resolve();
  window.scrollTo(0, 0);
}

export function startRouter(defs: RouteDef[]): void {
  routes = defs;
  window.addEventListener('popstate', resolve);
  window.addEventListener('hashchange', resolve);
  document.addEventListener('click', onClick);
  resolve();
}

/** Builds a link: `href('/jobs', name)` → `/ui/jobs/<encoded name>`. */
export function href(...parts: string[]): string {
  return urlOf(parts.map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/'));
}

/** Goes to an app path (`/jobs/x`, optionally with `?query`), adding a history entry. */
export function navigate(to: string): void {
  history.pushState(null, '', urlOf(to));
  resolve();
}

/** Changes the query part without adding a history entry per keystroke. */
export function setQuery(query: Record<string, string | undefined>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...route.query, ...query })) if (v) q.set(k, v);
  const s = q.toString();
  history.replaceState(history.state, '', `${urlOf(route.path)}${s ? `?${s}` : ''}`);
  route.query = Object.fromEntries(q);
}
