import { ConnectionError, NotFoundError, type MstreamError } from '@mstream/sdk';

/** Errors that can heal by themselves (disk freed, device back, descriptors released): retry with backoff. */
const TRANSIENT = new Set(['EIO', 'ENOSPC', 'EDQUOT', 'EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'ETIMEDOUT', 'EINTR']);

/**
 * Maps a Node fs error to an mstream error: `ENOENT` → `NotFoundError` when `missingIsNotFound`,
 * transient errors → retriable `ConnectionError`, anything else (permissions, a file where a folder
 * should be) → a `ConnectionError` marked not retriable, since waiting will not fix it.
 */
export function fsError(error: unknown, what: string, missingIsNotFound = false): MstreamError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = `file: ${what}: ${(error as Error | null)?.message ?? String(error)}`;
  if (code === 'ENOENT' && missingIsNotFound) return new NotFoundError(message, { cause: error, pluginCode: code });
  return new ConnectionError(message, { cause: error, pluginCode: code, retriable: code !== undefined && TRANSIENT.has(code) });
}
