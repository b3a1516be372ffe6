import { DataError, MstreamError, fromUtf8, utf8 } from '@mstream/sdk';
import { BSON, Timestamp, type Document } from 'mongodb';

const { EJSON } = BSON;
const HEX = /^[0-9A-Fa-f]*$/;

/**
 * Where a change stream starts: a resume token (`startAfter`) or a cluster time
 * (`startAtOperationTime`, inclusive, so at worst a few events repeat).
 */
export type StreamStart = { token: Document } | { operation_time: { t: number; i: number } };

/**
 * A checkpointable place in the source, stored as JSON (EJSON canonical for BSON values, so an
 * ObjectId or int64 `_id` comes back with its type):
 * - `{phase:'snapshot', last_id, stream_start}` while copying existing documents: continue after
 *   `last_id`, then stream from `stream_start`, which was taken before the copy began.
 * - `{phase:'stream', token | operation_time}` once streaming; reaching this phase is what
 *   records "snapshot finished", so a restart never copies again.
 */
export type SourcePosition =
  | { phase: 'snapshot'; last_id?: unknown; stream_start: StreamStart }
  | ({ phase: 'stream' } & StreamStart);

/** Encodes a position as UTF-8 JSON with EJSON for `_id` values and tokens. */
export function encodePosition(position: SourcePosition): Uint8Array {
  // Hot path (one per change event): a plain hex token (what MongoDB sends) needs no EJSON
  // machinery, no escaping and no UTF-8 encoder (ASCII bytes, from Node's pooled allocator).
  if (position.phase === 'stream' && 'token' in position) {
    const data: unknown = position.token._data;
    if (typeof data === 'string' && HEX.test(data) && Object.keys(position.token).length === 1) {
      return Buffer.from(`{"phase":"stream","token":{"_data":"${data}"}}`, 'latin1');
    }
  }
  return utf8(EJSON.stringify(position as unknown as Document, { relaxed: false }));
}

/**
 * Decodes a stored position. Accepts, besides our own shape, a bare resume token (`{_data}`,
 * e.g. a cursor migrated from the original mstream) as a stream position.
 */
export function decodePosition(bytes: Uint8Array): SourcePosition {
  let value: unknown;
  try {
    value = EJSON.parse(fromUtf8(bytes), { relaxed: false });
  } catch (error) {
    throw new DataError(`mongodb: the saved position is not EJSON: ${(error as Error).message}`, { cause: error });
  }
  const v = value as Record<string, unknown>;
  if (v && typeof v === 'object') {
    if (v.phase === 'stream' && (v.token || v.operation_time)) return v as SourcePosition;
    if (v.phase === 'snapshot' && v.stream_start && typeof v.stream_start === 'object') return v as SourcePosition;
    if (typeof v._data === 'string') return { phase: 'stream', token: v as Document };
  }
  throw new MstreamError('MS_ERR_DATA', `mongodb: the saved position has an unknown shape: ${fromUtf8(bytes).slice(0, 200)}`);
}

/** The driver watch options that start a stream at `start`. */
export function startOptions(start: StreamStart): { startAfter: Document } | { startAtOperationTime: Timestamp } {
  if ('token' in start) return { startAfter: start.token };
  return { startAtOperationTime: new Timestamp({ t: start.operation_time.t, i: start.operation_time.i }) };
}

/** A cluster time as the plain `{t, i}` kept in positions. */
export function timestampParts(ts: Timestamp): { t: number; i: number } {
  return { t: ts.t, i: ts.i };
}

/**
 * A resume token or stream start as text for event ids: the token's hex `_data` (what MongoDB
 * sends; unique per event in the cluster), else canonical EJSON; a cluster time as `t.i`.
 */
export function tokenText(start: Document | StreamStart): string {
  if ('operation_time' in start && start.operation_time) return `${start.operation_time.t}.${start.operation_time.i}`;
  const token = ('token' in start && start.token ? start.token : start) as Document;
  return typeof token._data === 'string' ? token._data : EJSON.stringify(token, { relaxed: false });
}

/** Human text for logs: a token's `_data` or a cluster time. */
export function describeStart(start: StreamStart | undefined): string {
  if (!start) return 'now';
  if ('token' in start) return `resume token ${String((start.token as { _data?: unknown })._data ?? EJSON.stringify(start.token))}`;
  return `cluster time ${start.operation_time.t}.${start.operation_time.i}`;
}
