import { createEvent, fromUtf8, utf8, type Encoding, type StreamEvent } from '../event.js';
import type { Source } from '../source.js';

/** Rejects with a message naming `what` when `work` takes longer than `ms`; always clears its timer. */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** An AbortSignal that aborts after `ms`, with a `cancel` that clears the timer so no handle lingers. */
export function abortAfter(ms: number): { signal: AbortSignal; cancel: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`aborted after ${ms} ms`)), ms);
  return { signal: controller.signal, cancel: () => clearTimeout(timer) };
}

/** How long a read may run past its aborted signal before the kit calls it unresponsive. */
export const ABORT_GRACE_MS = 1000;

/**
 * Calls `source.read` until `enough(events)` says so or `timeoutMs` elapsed, and returns every
 * event read. Each read gets a signal aborting at the overall deadline, so a source that honours
 * its signal can never hang the loop; one that ignores it fails with a clear message.
 */
export async function readUntil(
  source: Source,
  enough: (events: StreamEvent[]) => boolean,
  timeoutMs: number,
  max = 100,
): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  const end = Date.now() + timeoutMs;
  while (!enough(events)) {
    const remaining = end - Date.now();
    if (remaining <= 0) break;
    const { signal, cancel } = abortAfter(remaining);
    try {
      const batch = await withDeadline(source.read(max, signal), remaining + ABORT_GRACE_MS, 'source.read after its signal aborted');
      if (!Array.isArray(batch)) throw new TypeError(`source.read must resolve with an array, got ${typeof batch}`);
      if (batch.length > max) throw new RangeError(`source.read returned ${batch.length} events for max ${max}`);
      events.push(...batch);
    } finally {
      cancel();
    }
  }
  return events;
}

/**
 * A comparable identity for a payload: canonical JSON (keys sorted, no whitespace) for JSON, so a
 * target that re-serialises documents still matches; base64 of the bytes otherwise.
 */
export function payloadKey(payload: Uint8Array, encoding: Encoding): string {
  if (encoding === 'json') {
    try {
      return canonicalJson(JSON.parse(fromUtf8(payload)));
    } catch {
      // Not JSON after all: fall through to bytes so the comparison still shows something.
    }
  }
  return `base64:${Buffer.from(payload).toString('base64')}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Hex of a position, so positions compare as strings. */
export function positionKey(position: Uint8Array): string {
  return Buffer.from(position).toString('hex');
}

/** Sorted copy, for comparing multisets with `deepEqual` (its diff then shows what is missing). */
export function sorted(keys: string[]): string[] {
  return [...keys].sort();
}

/** The default payload: distinct, small, readable JSON. */
export function defaultPayload(i: number): Uint8Array {
  return utf8(JSON.stringify({ id: i, name: `event-${i}` }));
}

/** Events as a source would hand them to a sink; `acceptance-seq` lets a failing diff be traced back. */
export function makeEvents(payloads: Uint8Array[], encoding: Encoding): StreamEvent[] {
  return payloads.map((payload, i) =>
    createEvent({
      position: utf8(String(i)),
      payload,
      encoding,
      operation: 'insert',
      attributes: { 'acceptance-seq': String(i) },
      sourceTimestamp: Date.now(),
    }),
  );
}

/** Resolves after `ms`, early (without rejecting) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
