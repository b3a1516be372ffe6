import avro from 'avsc';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The value of anything that can stand for an int64 (number, bigint, a BSON `Long`), or undefined. */
export function toInt64(value: unknown): bigint | undefined {
  let big: bigint | undefined;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number') big = Number.isInteger(value) ? BigInt(value) : undefined;
  else if (value !== null && typeof value === 'object' && (value as { _bsontype?: string })._bsontype === 'Long') big = BigInt(String(value));
  return big !== undefined && big >= INT64_MIN && big <= INT64_MAX ? big : undefined;
}

/**
 * avsc's built-in `long` only takes safe JS numbers, so a BSON int64 (decoded as bigint with
 * `useBigInt64`) could not be written and a large Avro long could not be read. This long decodes
 * to a number when it is safe and to a bigint otherwise — the same convention as the BSON codec —
 * and encodes numbers, bigints and BSON Longs.
 */
export const LONG_TYPE = longType((value) => value);

/** The same long, decoding an unsafe value to its decimal text: its flat JSON form (see flat-json.ts). */
export const LONG_JSON_TYPE = longType((value) => value.toString());

function longType(unsafe: (value: bigint) => unknown) {
  return avro.types.LongType.__with({
    fromBuffer: (buf: Buffer) => {
      const value = buf.readBigInt64LE(0);
      return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : unsafe(value);
    },
    toBuffer: (value: unknown) => {
      const buf = Buffer.alloc(8);
      buf.writeBigInt64LE(toInt64(value) ?? 0n);
      return buf;
    },
    fromJSON: (json: unknown) => (typeof json === 'string' ? BigInt(json) : json),
    toJSON: (value: unknown) => (typeof value === 'bigint' ? (value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value.toString()) : value),
    isValid: (value: unknown) => toInt64(value) !== undefined,
    compare: (a: unknown, b: unknown) => {
      const x = toInt64(a) ?? 0n;
      const y = toInt64(b) ?? 0n;
      return x === y ? 0 : x < y ? -1 : 1;
    },
  });
}
