import { ConnectionError, DataError, MstreamError, isMstreamError } from '@mstream/sdk';
import { MongoError, MongoNetworkError, MongoServerSelectionError, MongoServerError } from 'mongodb';

// Server error codes that mean "the server or the network is failing, try again": primary
// stepdowns, shutdowns, network timeouts, lock/time limits. Anything else is not retried.
const RETRIABLE_CODES = new Set([
  6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 63, 150, 134, 133, 112,
]);

/** Codes with which a change stream refuses a resume token (history gone or token malformed). */
export const UNRESUMABLE_CODES = new Set([280, 286, 260]);

/**
 * True when `error` says the saved resume token cannot be used: `ChangeStreamFatalError` (280),
 * `ChangeStreamHistoryLost` (286), `InvalidResumeToken` (260), or mongo-java-server's
 * "Unknown error: For input string ... radix 16" which it returns for a token it cannot parse.
 */
export function isUnresumable(error: unknown): boolean {
  if (!(error instanceof MongoError)) return false;
  const code = typeof error.code === 'number' ? error.code : Number(error.code);
  if (UNRESUMABLE_CODES.has(code)) return true;
  return /ChangeStreamHistoryLost|InvalidResumeToken|resume token|under radix 16/i.test(error.message);
}

/**
 * True when the server refused the raw-documents stage (see raw-documents.ts) itself: a
 * MongoDB-compatible server without `$map` / `$ifNull` / `$addFields` in change streams.
 * `InvalidPipelineOperator` (168) or an error naming one of those operators.
 */
export function isRawStageRejected(error: unknown): boolean {
  if (!(error instanceof MongoServerError) || isUnresumable(error)) return false;
  return error.code === 168 || /\$(map|ifNull|addFields)\b/.test(error.message);
}

/** True for failures that may heal by themselves: network, server selection, stepdowns. */
export function isTransient(error: unknown): boolean {
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return true;
  if (error instanceof MongoError) {
    if (error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('ResumableChangeStreamError')) return true;
    if (typeof error.code === 'number' && RETRIABLE_CODES.has(error.code)) return true;
    if (error.name === 'MongoTopologyClosedError' || error.name === 'MongoNotConnectedError') return true;
  }
  return false;
}

/**
 * Turns a driver error into an mstream error: transient ones become `ConnectionError` (the host
 * retries with backoff); other server errors are reported as non-retriable connection failures
 * with the server's code name, so the job fails visibly instead of retrying an auth or
 * permission error forever.
 */
export function toMstreamError(error: unknown, what: string): Error {
  if (isMstreamError(error)) return error as unknown as Error;
  const message = `${what}: ${(error as Error)?.message ?? String(error)}`;
  if (isTransient(error)) return new ConnectionError(message, { cause: error, pluginCode: codeName(error) });
  if (error instanceof MongoServerError) {
    return new MstreamError('MS_ERR_CONNECTION', message, { cause: error, retriable: false, pluginCode: codeName(error) });
  }
  if (error instanceof MongoError) return new ConnectionError(message, { cause: error, pluginCode: codeName(error) });
  if (error instanceof Error && error.name === 'AbortError') return new ConnectionError(message, { cause: error, retriable: true });
  if (error instanceof TypeError || error instanceof RangeError) return new DataError(message, { cause: error });
  return new MstreamError('MS_ERR_INTERNAL', message, { cause: error });
}

function codeName(error: unknown): string | undefined {
  if (!(error instanceof MongoError)) return undefined;
  const named = (error as MongoError & { codeName?: string }).codeName;
  return named ?? (error.code === undefined ? error.name : String(error.code));
}
