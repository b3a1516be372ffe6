import { TimeoutError } from '@mstream/sdk';

/** Races `work` with `signal`; kafkajs cannot cancel a request, so an abort only stops waiting for it. */
export function abortable<T>(work: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new TimeoutError(`${what}: aborted`));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new TimeoutError(`${what}: aborted`));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
