import { ConnectionError, MstreamError, isMstreamError } from '@mstream/sdk';

/**
 * Turns an ioredis failure into an mstream error: network trouble is a retriable
 * `ConnectionError`; a reply error about the key itself (wrong type, missing group) is a
 * configuration problem that retrying cannot fix.
 */
export function redisError(error: unknown, doing: string): MstreamError {
  if (isMstreamError(error)) return error as MstreamError;
  const message = (error as Error)?.message ?? String(error);
  if (/^(WRONGTYPE|NOGROUP|ERR syntax|ERR Invalid stream ID)/.test(message)) {
    return new MstreamError('MS_ERR_CONFIG_INVALID', `${doing}: ${message}`, { cause: error, pluginCode: message.split(' ')[0] });
  }
  return new ConnectionError(`${doing}: ${message}`, { cause: error });
}
