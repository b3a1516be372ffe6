import { sleep } from './lib.js';

/** What a retrying HTTP client saw: which events got a 2xx, and how often it had to try again. */
export interface ClientResult {
  /** Events answered with a 2xx. */
  acked: Set<string>;
  /** Events that never got a 2xx within their attempts or the deadline. */
  givenUp: string[];
  /** Attempts that failed (connection refused or reset, 5xx, 429, a timeout), each retried. */
  retries: number;
  /** Attempts that timed out: the host may still have delivered them, so their retry may be a duplicate. */
  timeouts: number;
}

export interface ClientPlan {
  url: string;
  ids: string[];
  /** Requests in flight at once. */
  concurrency: number;
  /** Attempts per event at most. */
  maxAttempts: number;
  /** The whole run ends by then, given up or not. */
  deadline: number;
}

/**
 * POSTs one JSON event per request, `{"_id": id}` with `Idempotency-Key: id`, and retries each until
 * it gets a 2xx — as a webhook sender does. Between attempts it waits 100 ms, or the server's
 * Retry-After (capped at 1 s). Bounded by attempts per event and by the deadline.
 */
export async function postUntilAcked(plan: ClientPlan): Promise<ClientResult> {
  const result: ClientResult = { acked: new Set(), givenUp: [], retries: 0, timeouts: 0 };
  let next = 0;
  const one = async (id: string) => {
    for (let attempt = 0; attempt < plan.maxAttempts && Date.now() < plan.deadline; attempt++) {
      let wait = 100;
      try {
        const res = await fetch(plan.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': id },
          body: JSON.stringify({ _id: id }),
          signal: AbortSignal.timeout(30_000),
        });
        await res.arrayBuffer();
        if (res.status >= 200 && res.status < 300) {
          result.acked.add(id);
          return;
        }
        const after = Number(res.headers.get('retry-after'));
        if (after > 0) wait = Math.min(1000, after * 1000);
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') result.timeouts++;
      }
      result.retries++;
      await sleep(wait);
    }
    result.givenUp.push(id);
  };
  const worker = async () => {
    while (next < plan.ids.length) await one(plan.ids[next++]!);
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  return result;
}
