import type { Codecs } from '../codecs.js';
import type { Encoding } from '../event.js';
import { DataError, UnsupportedOperationError } from '../errors.js';

const encoder = new TextEncoder();
// fatal: a payload with broken UTF-8 is malformed, not silently patched with U+FFFD.
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Replaces what `JSON.stringify` would drop or throw on with the "flat" JSON the host writes:
 * bigint → decimal string, bytes → base64. Dates already serialise to ISO-8601 via `toJSON`.
 */
function flatten(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/**
 * A `Codecs` that knows JSON only, so plugin tests need neither `bson` nor `avsc`. Its JSON
 * behaviour matches the host's: UTF-8, compact output, `DataError` on malformed input.
 * BSON and Avro throw `MS_ERR_UNSUPPORTED`, which is how a plugin test notices it needs the
 * host's real codecs.
 *
 * Stateless and safe to share between concurrent connectors.
 * @public
 */
export function createJsonCodecs(): Codecs {
  return {
    decode(payload: Uint8Array, encoding: Encoding): unknown {
      if (encoding !== 'json') throw unsupported(encoding);
      let text: string;
      try {
        text = decoder.decode(payload);
        return JSON.parse(text);
      } catch (error) {
        throw new DataError(`payload is not valid UTF-8 JSON: ${(error as Error).message}`, { cause: error });
      }
    },
    encode(value: unknown, encoding: Encoding): Uint8Array {
      if (encoding !== 'json') throw unsupported(encoding);
      let text: string | undefined;
      try {
        text = JSON.stringify(value, flatten);
      } catch (error) {
        throw new DataError(`value cannot be encoded as JSON: ${(error as Error).message}`, { cause: error });
      }
      // undefined, functions and symbols have no JSON form; say so rather than write "undefined".
      if (text === undefined) throw new DataError(`value of type ${typeof value} cannot be encoded as JSON`);
      return encoder.encode(text);
    },
  };
}

function unsupported(encoding: Encoding): UnsupportedOperationError {
  return new UnsupportedOperationError(
    `the test codecs handle JSON only, not "${encoding}"; pass the host's codecs to test ${encoding} payloads`,
  );
}
