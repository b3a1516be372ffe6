/**
 * Wire encodings a payload can be in. The host converts between them through one decoded
 * form, so BSON-only types (ObjectId, Date, Decimal128, Binary, Timestamp) survive a
 * bson → bson trip even through middleware.
 * @public
 */
export type Encoding = 'json' | 'bson' | 'avro';

/** Every encoding the host understands, for validation and UI pickers. @public */
export const ENCODINGS: readonly Encoding[] = ['json', 'bson', 'avro'];

/**
 * What happened at the source, modelled on OpenCDC. Sources that only carry messages
 * (Kafka, Pub/Sub, HTTP) use `message`; change-data-capture sources use the others.
 * @public
 */
export type Operation = 'insert' | 'update' | 'replace' | 'delete' | 'snapshot' | 'message';

/**
 * One event flowing through a job.
 *
 * Ordering: a source returns events in its own order; the host keeps that order through
 * middleware and into every sink.
 *
 * Immutability: treat an event you received as read-only; to change it, return a new object
 * (spread is fine — `{ ...event, payload }`). The host may hand the same event to several sinks.
 * @public
 */
export interface StreamEvent {
  /**
   * Opaque resume position assigned by the source (Kafka offset, resume token, …). The host
   * never interprets it: it hands it back to `Source.ack` and stores what the source says
   * to checkpoint. Events made by middleware may keep their origin's position.
   */
  readonly position: Uint8Array;
  /**
   * The record's identity at its source: the same on every delivery of one record (a
   * redelivery, a replay after a crash, another job reading the same record) and different
   * between records. Like CloudEvents' `source` + `id` in one string, e.g. `kafka:orders/2/1041`.
   * Sinks derive idempotency keys and document ids from it (see {@link eventKey}), so a replay
   * overwrites instead of duplicating. Unlike `position` it is no resume cursor (a Kafka
   * position also counts partition reassignments, so it differs between deliveries).
   *
   * Optional: a source without a stable identity (an HTTP request without an `Idempotency-Key`)
   * leaves it out, and sinks then write without one. Middleware output keeps its origin's id;
   * when one event becomes several, the host tells them apart (`#1`, `#2`, … in output order).
   */
  readonly id?: string;
  /** What happened at the source. */
  readonly operation: Operation;
  /** Optional key (Kafka message key, document `_id`, Pub/Sub ordering key). */
  readonly key?: string | Uint8Array;
  /** The payload bytes, in {@link StreamEvent.encoding}. */
  readonly payload: Uint8Array;
  /** How {@link StreamEvent.payload} is encoded. */
  readonly encoding: Encoding;
  /** String metadata carried end to end (Kafka headers, Pub/Sub attributes, HTTP X- headers). */
  readonly attributes: Readonly<Record<string, string>>;
  /** When the source recorded the event, in epoch milliseconds; the host derives lag from it. */
  readonly sourceTimestamp?: number;
  /** Id of the schema the payload conforms to, when known. */
  readonly schemaId?: string;
}

/**
 * Builds an event with defaults for the optional parts. Sources are free to build the object
 * literal themselves; this only saves typing.
 * @public
 */
export function createEvent(init: {
  position: Uint8Array;
  id?: string;
  payload: Uint8Array;
  encoding: Encoding;
  operation?: Operation;
  key?: string | Uint8Array;
  attributes?: Record<string, string>;
  sourceTimestamp?: number;
  schemaId?: string;
}): StreamEvent {
  return {
    operation: 'message',
    attributes: {},
    ...init,
  };
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** UTF-8 encodes a string, e.g. to build a position or a JSON payload. @public */
export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

/** UTF-8 decodes bytes, e.g. to read back a position a source built with {@link utf8}. @public */
export function fromUtf8(bytes: Uint8Array): string {
  return textDecoder.decode(bytes);
}
