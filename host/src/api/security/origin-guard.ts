import type { Context, Next } from 'koa';
import { apiError } from '../api-error.js';
import { SAFE_METHODS } from '../auth.js';
import { LOOPBACK_NAMES, splitHostHeader, urlHost, type ServedAddress } from './served-address.js';

/**
 * Cross-site request guard. A page the user merely visits can send a "simple" POST (text/plain,
 * a form) to the loopback host without any CORS preflight; the browser then stamps it with the
 * page's `Origin`. Every request that can change something is refused with 403 unless its Origin
 * is the host's own (its scheme and port on every loopback name and on the bind address, or the
 * allowed Host it was sent to) or listed in `MSTREAM_API_ALLOWED_ORIGINS`; `Sec-Fetch-Site:
 * cross-site` is refused the same way. Clients that send no Origin (curl, SDKs, the CLI) pass.
 */
export function originGuard(served: () => ServedAddress, allowedOrigins: string[], allowedHosts: string[]) {
  const listed = new Set(allowedOrigins);
  const hosts = new Set(allowedHosts);
  const ownOrigins = (bound: ServedAddress) => {
    const names = new Set(LOOPBACK_NAMES);
    if (bound.bindHost !== '0.0.0.0' && bound.bindHost !== '::') names.add(urlHost(bound.bindHost));
    return new Set([...names].map((name) => `${bound.scheme}://${name}:${bound.port}`));
  };
  return async (ctx: Context, next: Next) => {
    if (SAFE_METHODS.has(ctx.method)) return next();
    const site = ctx.get('sec-fetch-site').toLowerCase();
    if (site === 'cross-site') throw refuse(ctx, `a cross-site request (Sec-Fetch-Site: cross-site) may not ${ctx.method} ${ctx.path}`);
    const origin = ctx.get('origin').toLowerCase();
    if (!origin) return next();
    const bound = served();
    if (listed.has(origin) || ownOrigins(bound).has(origin) || sameOriginAsAllowedHost(ctx, origin, bound, hosts)) return next();
    throw refuse(ctx, `Origin ${origin} may not ${ctx.method} ${ctx.path}: only this host's own pages and the origins in MSTREAM_API_ALLOWED_ORIGINS may change things`);
  };
}

/**
 * The page was served by this host under the name the request is addressed to: its Origin is
 * `scheme://<Host header>`. The host guard has already vetted that name (loopback, allow-listed,
 * or any name on a host bound beyond loopback, which then needs a token a foreign page does not
 * have). Behind a TLS-terminating proxy the page is `https://` while we serve plain HTTP.
 */
function sameOriginAsAllowedHost(ctx: Context, origin: string, bound: ServedAddress, hosts: Set<string>): boolean {
  const authority = ctx.get('host').toLowerCase();
  if (!authority) return false;
  if (origin === `${bound.scheme}://${authority}`) return true;
  const { name } = splitHostHeader(authority);
  return (hosts.has(name) || hosts.has(authority)) && origin === `https://${authority}`;
}

function refuse(ctx: Context, message: string) {
  ctx.set('Vary', 'Origin');
  return apiError('MS_ERR_FORBIDDEN', message);
}
