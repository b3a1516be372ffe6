import { TimeoutError } from '@mstream/sdk';

/**
 * Settles with `work`, or rejects with a retriable `TimeoutError` as soon as `signal` aborts. The
 * work itself goes on (gRPC calls here are not cancellable through a signal); its late outcome is
 * swallowed so it cannot become an unhandled rejection.
 */
export function raceSignal<T>(work: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(new TimeoutError(`${what}: aborted`, { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new TimeoutError(`${what}: aborted`, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
