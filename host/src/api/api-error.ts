import { ERROR_CODES, MstreamError, isMstreamError, type ErrorCode } from '@mstream/sdk';
import type { Context, Next } from 'koa';
import type { Logger } from '@mstream/sdk';

/** An error meant for the API client, with a stable code. */
export function apiError(code: ErrorCode, message: string, details?: Record<string, unknown>): MstreamError {
  return new MstreamError(code, message, { details });
}

/**
 * Turns every error into `{ message, code }` with the right status. Client mistakes are 4xx;
 * only genuine bugs are 500, and those never echo internals (the log has them).
 */
export function errorHandler(logger: Logger, scrub: (text: string) => string) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (error) {
      const { status, body } = toResponse(error, logger, scrub);
      ctx.status = status;
      ctx.body = body;
      if (status === 401) ctx.set('WWW-Authenticate', 'Bearer');
    }
  };
}

function toResponse(error: unknown, logger: Logger, scrub: (text: string) => string) {
  if (isMstreamError(error)) {
    const status = ERROR_CODES[error.code]?.status ?? 500;
    const body: Record<string, unknown> = { message: scrub(error.message), code: error.code };
    if (error.details?.issues) body.issues = error.details.issues;
    else if (error.details && Object.keys(error.details).length) body.details = error.details;
    if (error.plugin) body.plugin = error.plugin;
    if (status >= 500) logger.error({ err: scrub(error.message), code: error.code }, 'request failed');
    return { status, body };
  }
  const httpStatus = (error as { status?: number; expose?: boolean }).status;
  if (httpStatus && httpStatus >= 400 && httpStatus < 500) {
    const code: ErrorCode = httpStatus === 413 ? 'MS_ERR_PAYLOAD_TOO_LARGE' : httpStatus === 404 ? 'MS_ERR_ROUTE_NOT_FOUND' : 'MS_ERR_BAD_REQUEST';
    return { status: httpStatus, body: { message: (error as Error).message, code } };
  }
  logger.error({ err: scrub((error as Error)?.stack ?? String(error)) }, 'unexpected error while handling a request');
  return { status: 500, body: { message: 'internal error; see the host log', code: 'MS_ERR_INTERNAL' } };
}
