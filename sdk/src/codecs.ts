import type { Encoding } from './event.js';

/**
 * Encoding helpers provided by the host (via the connector context or `tokens.codecs`), so every
 * plugin converts payloads exactly as the runtime does.
 *
 * The decoded form is a plain JavaScript value in which BSON types stay typed objects
 * (`ObjectId`, `Date`, `Decimal128`, `Binary`, `Timestamp` from the `bson` package): decoding
 * BSON and encoding it back is lossless. Encoding such values as JSON writes the "flat" form
 * (ObjectId → hex string, Date → ISO-8601, Decimal128 → string, Binary → base64).
 * @public
 */
export interface Codecs {
  /** Decodes bytes; throws a `DataError` naming the encoding when they are malformed. */
  decode(payload: Uint8Array, encoding: Encoding, schema?: unknown): unknown;
  /** Encodes a decoded value; throws a `DataError` when the value cannot be represented. */
  encode(value: unknown, encoding: Encoding, schema?: unknown): Uint8Array;
}
