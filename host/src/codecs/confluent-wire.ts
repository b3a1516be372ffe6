import { DataError } from '@mstream/sdk';

/** Bytes before the payload in the Confluent wire format: magic byte 0 + big-endian int32 schema id. */
export const CONFLUENT_HEADER_BYTES = 5;

/** Prefixes a payload with the Confluent header naming the registry's schema id. */
export function frameConfluent(registryId: number, payload: Uint8Array): Uint8Array {
  const framed = new Uint8Array(CONFLUENT_HEADER_BYTES + payload.byteLength);
  framed[0] = 0;
  new DataView(framed.buffer).setInt32(1, registryId, false);
  framed.set(payload, CONFLUENT_HEADER_BYTES);
  return framed;
}

/** Splits a Confluent-framed payload; a DataError when the bytes do not start with the header. */
export function unframeConfluent(framed: Uint8Array): { registryId: number; payload: Uint8Array } {
  if (framed.byteLength < CONFLUENT_HEADER_BYTES || framed[0] !== 0) {
    throw new DataError('payload is not in the Confluent wire format (expected magic byte 0 and a 4-byte schema id)');
  }
  const registryId = new DataView(framed.buffer, framed.byteOffset, framed.byteLength).getInt32(1, false);
  return { registryId, payload: framed.subarray(CONFLUENT_HEADER_BYTES) };
}

/** True when bytes can only be Confluent-framed: no JSON text starts with a NUL byte. */
export function looksConfluentFramed(payload: Uint8Array): boolean {
  return payload.byteLength >= CONFLUENT_HEADER_BYTES && payload[0] === 0;
}
