import { isUtf8 } from 'node:buffer';
import { DataError } from '@mstream/sdk';
import { CONFLUENT_HEADER_BYTES, looksConfluentFramed } from './confluent-wire.js';
import { scanJson } from './json-scan.js';

/**
 * Checks that a payload the host passes through untouched (a `json` → `json` step) is JSON the
 * host itself would accept when decoding it: one JSON value in UTF-8, optionally after a UTF-8
 * byte-order mark or a Confluent wire header. Throws a DataError naming the byte where it stops
 * being JSON, so the event goes to the dead-letter store instead of the sinks.
 *
 * A scan, not `JSON.parse`: nothing is built, it names the byte of the error, and
 * `npm run bench json-check` measures it faster than decoding and parsing (docs/benchmarks.md).
 */
export function assertJson(payload: Uint8Array): void {
  let start = 0;
  // Same rules as HostCodecs.decode: a framed payload is checked after its header.
  if (looksConfluentFramed(payload)) start = CONFLUENT_HEADER_BYTES;
  if (payload[start] === 0xef && payload[start + 1] === 0xbb && payload[start + 2] === 0xbf) start += 3;
  const body = start === 0 ? payload : payload.subarray(start);
  if (!isUtf8(body)) {
    const offset = start + firstInvalidUtf8(body);
    throw new DataError(`payload is not valid JSON: invalid UTF-8 at byte ${offset}`, { details: { offset } });
  }
  // Offsets count from the start of the payload, header and BOM included.
  const problem = scanJson(payload, start);
  if (problem) throw new DataError(`payload is not valid JSON: ${problem.message}`, { details: { offset: problem.offset } });
}

/** Offset of the first byte that breaks UTF-8 (only called once `isUtf8` said there is one). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    // Lead byte → number of continuation bytes and the allowed range of the first one (RFC 3629).
    let count: number;
    let low = 0x80;
    let high = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) count = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      count = 2;
      if (c === 0xe0) low = 0xa0; // overlong
      if (c === 0xed) high = 0x9f; // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      count = 3;
      if (c === 0xf0) low = 0x90; // overlong
      if (c === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= count; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += count + 1;
  }
  return bytes.length;
}
