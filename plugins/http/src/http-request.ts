import { ConfigValidationError, ConnectionError, DataError, type Encoding } from '@mstream/sdk';
import type { HttpService } from './http-service.js';

/** Content-Type per encoding, and back. */
export const CONTENT_TYPES: Record<Encoding, string> = { json: 'application/json', bson: 'application/bson', avro: 'avro/binary' };

/** Maps a Content-Type header to an encoding, or undefined for an unknown one. */
export function encodingOf(contentType: string | null | undefined): Encoding | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/bson') return 'bson';
  if (type === 'avro/binary' || type === 'application/avro') return 'avro';
  return undefined;
}

/**
 * Joins a resource below the base URL, like a path: "http://x/api" + "events" and
 * "http://x/api/" + "/events" both give "http://x/api/events". A resource holding a query
 * ("events?v=2") keeps it. This avoids RFC 3986 resolution, where "http://x/api" + "events"
 * would replace "api".
 */
export function joinUrl(base: URL, resource: string): URL {
  const url = new URL(base.href);
  const [path, query] = resource.split('?', 2) as [string, string | undefined];
  const left = url.pathname.replace(/\/+$/, '');
  const right = path.replace(/^\/+/, '');
  url.pathname = right ? `${left}/${right}` : left || '/';
  if (query !== undefined) url.search = query;
  return url;
}

/** Turns event attributes into `X-<name>` headers; names are reduced to header-safe characters. */
export function attributeHeaders(attributes: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const safe = name.replace(/[^!#$%&'*+.^_`|~0-9A-Za-z-]/g, '-');
    if (!safe) continue;
    // Header values must be visible ASCII; anything else is percent-encoded.
    out[`X-${safe}`] = value.replace(/[^\x20-\x7e]/g, (c) => encodeURIComponent(c));
  }
  return out;
}

/** Reads `X-` response headers back into attributes (names lower-cased by HTTP). */
export function headerAttributes(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name.startsWith('x-') && name.length > 2) out[name.slice(2)] = value;
  });
  return out;
}

/** A successful response, body read as bytes. */
export interface HttpReply {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

const RETRIABLE_STATUS = new Set([408, 425, 429]);
const MAX_BACKOFF_MS = 60_000;

/**
 * POSTs with the service's retry policy: network errors, timeouts, 5xx, 408, 425 and 429 are
 * retried with exponential backoff (±20% jitter, `Retry-After` honoured up to 60 s) until
 * `max_retries` attempts were made, then a ConnectionError (the host retries later; nothing is
 * dropped). Any other non-2xx is a DataError carrying a snippet of the response body.
 */
export async function postWithRetry(service: HttpService, url: URL, body: Uint8Array, headers: Record<string, string>, signal: AbortSignal): Promise<HttpReply> {
  const { config } = service;
  let lastProblem = '';
  for (let attempt = 1; attempt <= config.max_retries; attempt++) {
    let retryAfterMs: number | undefined;
    // connection_timeout_sec bounds the wait for response headers; timeout_sec the whole exchange.
    // One controller per attempt (not AbortSignal.any) so no listener outlives the attempt.
    const attemptAbort = new AbortController();
    const onAbort = () => attemptAbort.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const headersTimer = setTimeout(() => attemptAbort.abort(new Error(`no response within ${config.connection_timeout_sec} s`)), config.connection_timeout_sec * 1000);
    const totalTimer = setTimeout(() => attemptAbort.abort(new Error(`no complete response within ${config.timeout_sec} s`)), config.timeout_sec * 1000);
    try {
      const res = await fetch(url, { method: 'POST', body, headers: { ...headers, ...config.headers }, signal: attemptAbort.signal }).finally(() => clearTimeout(headersTimer));
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (res.status >= 200 && res.status < 300) return { status: res.status, headers: res.headers, body: bytes };
      const snippet = new TextDecoder().decode(bytes.subarray(0, 200));
      if (res.status < 500 && !RETRIABLE_STATUS.has(res.status)) {
        throw new DataError(`POST ${url.pathname} was rejected with ${res.status}: ${snippet}`, { pluginCode: `HTTP_${res.status}` });
      }
      lastProblem = `${res.status} ${snippet}`;
      retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    } catch (error) {
      if (error instanceof DataError) throw error;
      if (signal.aborted) throw new ConnectionError(`POST ${url.pathname} aborted`, { cause: error });
      lastProblem = (error as Error).cause ? `${(error as Error).message}: ${((error as Error).cause as Error).message}` : (error as Error).message;
    } finally {
      clearTimeout(totalTimer);
      signal.removeEventListener('abort', onAbort);
    }
    if (attempt === config.max_retries) break;
    const backoff = config.base_backoff_ms * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
    await sleep(Math.min(MAX_BACKOFF_MS, retryAfterMs ?? backoff), signal);
  }
  throw new ConnectionError(`POST ${url.origin}${url.pathname} failed after ${config.max_retries} attempts: ${lastProblem}`);
}

/** Retry-After as delta-seconds or an HTTP date, in ms (undefined when absent or unreadable). */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The base URL or a ConfigValidationError: sinks and middleware need `host`. */
export function requireBase(service: HttpService): URL {
  if (!service.base) throw new ConfigValidationError([{ path: 'host', message: 'the http sink and middleware need the service key "host"' }]);
  return service.base;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ConnectionError('aborted while waiting to retry'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ConnectionError('aborted while waiting to retry'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
