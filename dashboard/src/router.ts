import { reactive, type Component } from 'vue';

/**
 * A tiny hash router: `#/jobs/quickstart-users`. Hash URLs never reach the server, so every page
 * is a static-file request and can never collide with an API path like `/jobs`.
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

export const route = reactive<CurrentRoute>({ name: '', path: '/', params: {}, query: {} });
let routes: RouteDef[] = [];

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

function resolve(): void {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?');
  const query = Object.fromEntries(new URLSearchParams(search));
  for (const def of routes) {
    const params = match(def.pattern, path);
    if (params) {
      Object.assign(route, { name: def.name, path, params, query, component: def.component });
      return;
    }
  }
  Object.assign(route, { name: 'not-found', path, params: {}, query, component: undefined });
}

export function startRouter(defs: RouteDef[]): void {
  routes = defs;
  window.addEventListener('hashchange', resolve);
  resolve();
}

/** Builds a link: `href('/jobs', name)` → `#/jobs/<encoded name>`. */
export function href(...parts: string[]): string {
  return '#' + parts.map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/');
}

export function navigate(to: string): void {
  location.hash = to.startsWith('#') ? to : `#${to}`;
}

/** Changes the query part without adding a history entry per keystroke. */
export function setQuery(query: Record<string, string | undefined>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...route.query, ...query })) if (v) q.set(k, v);
  const s = q.toString();
  history.replaceState(null, '', `#${route.path}${s ? `?${s}` : ''}`);
  route.query = Object.fromEntries(q);
}
