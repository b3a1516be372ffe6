import { isMstreamError } from '@mstream/sdk';

export interface RetrySettings {
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** 0 = retry retriable errors forever (a source or sink that comes back resumes the job). */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetrySettings = { initialBackoffMs: 200, maxBackoffMs: 30_000, maxAttempts: 0 };

/** Exponential backoff with full jitter in [delay/2, delay], capped. */
export function backoffDelay(attempt: number, settings: RetrySettings, random = Math.random): number {
  const ceiling = Math.min(settings.maxBackoffMs, settings.initialBackoffMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function isRetriable(error: unknown): boolean {
  return isMstreamError(error) && error.retriable;
}

/** Resolves after `ms`, or rejects with the abort reason as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryHooks {
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  onRecover?: () => void;
}

/**
 * Runs `task` until it succeeds, retrying retriable errors with backoff. Non-retriable errors and
 * an exhausted attempt budget are thrown. `onRetry` reports each failure (for job state and logs);
 * `onRecover` fires once the task succeeds after failures.
 */
export async function withRetry<T>(task: () => Promise<T>, settings: RetrySettings, signal: AbortSignal, hooks: RetryHooks = {}): Promise<T> {
  try {
    return await task();
  } catch (error) {
    return retryAfter(error, task, settings, signal, hooks);
  }
}

/**
 * {@link withRetry} after its first attempt already failed with `error`. The batch path makes
 * the first attempt itself (one call, one await) and builds the task and hooks for this only
 * when that attempt failed: a job pays nothing for retries until something fails.
 */
export async function retryAfter<T>(error: unknown, task: () => Promise<T>, settings: RetrySettings, signal: AbortSignal, hooks: RetryHooks = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted || !isRetriable(error)) throw error;
    if (settings.maxAttempts > 0 && attempt >= settings.maxAttempts) throw error;
    const delay = backoffDelay(attempt - 1, settings);
    hooks.onRetry?.(error, attempt, delay);
    await sleep(delay, signal);
    try {
      const result = await task();
      hooks.onRecover?.();
      return result;
    } catch (next) {
      error = next;
    }
  }
}
