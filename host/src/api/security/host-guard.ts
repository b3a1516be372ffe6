import type { Context, Next } from 'koa';
import { apiError } from '../api-error.js';
import { isLoopback, splitHostHeader, type ServedAddress } from './served-address.js';

/**
 * DNS rebinding guard. A page on `evil.example` whose name is made to resolve to 127.0.0.1 reaches
 * a loopback host with `Host: evil.example`: a host bound to loopback therefore answers only
 * loopback names and addresses and the names in `MSTREAM_API_ALLOWED_HOSTS` (with or without a
 * port), on every route, `/health` included. A host bound elsewhere applies the list when it is set.
 */
export function hostGuard(served: () => ServedAddress, allowedHosts: string[]) {
  const allowed = new Set(allowedHosts);
  return async (ctx: Context, next: Next) => {
    const bound = served();
    if (!isLoopback(bound.bindHost) && allowed.size === 0) return next();
    const header = ctx.get('host');
    const { name, port } = splitHostHeader(header);
    const ok = header !== '' && (isLoopback(name) || allowed.has(name) || (port !== undefined && allowed.has(`${name}:${port}`)));
    if (!ok) {
      throw apiError('MS_ERR_FORBIDDEN', `Host "${header}" is not served here: use a loopback address or add the name to MSTREAM_API_ALLOWED_HOSTS`);
    }
    return next();
  };
}
