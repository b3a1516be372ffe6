import type { Context, Next } from 'koa';
import { apiError } from '../api-error.js';
import { SAFE_METHODS } from '../auth.js';

/** `application/json`, in any case, with any parameters (`; charset=utf-8`). */
const JSON_MEDIA_TYPE = /^application\/json\s*(;.*)?$/i;

/**
 * Request bodies are JSON and nothing else. A browser sends `text/plain`, form and multipart
 * bodies cross-origin without a CORS preflight, so refusing them (415) closes that door even for
 * clients that would slip past the origin guard; a body-less POST (stop, restart) sends no
 * Content-Type and passes. Checked before any route reads the body, so nothing is changed.
 */
export function contentTypeGuard() {
  return async (ctx: Context, next: Next) => {
    if (SAFE_METHODS.has(ctx.method) || !hasBody(ctx)) return next();
    const type = ctx.get('content-type');
    if (!JSON_MEDIA_TYPE.test(type.trim())) {
      throw apiError('MS_ERR_UNSUPPORTED_MEDIA_TYPE', `${ctx.method} ${ctx.path}: the body must be sent as Content-Type: application/json${type ? `, not ${type}` : ''}`);
    }
    return next();
  };
}

function hasBody(ctx: Context): boolean {
  if (ctx.get('transfer-encoding')) return true;
  const length = ctx.get('content-length');
  return length !== '' && Number(length) > 0;
}
