import { EJSON, type Binary, type Decimal128, type Long, type ObjectId, type Timestamp } from 'bson';

/**
 * How documents cross into the sandbox and back. Scripts see plain JSON in which BSON types are
 * extended-JSON wrappers — `{ $oid }`, `{ $date: ISO-8601 }`, `{ $numberDecimal }`,
 * `{ $numberLong }`, `{ $binary }`, `{ $timestamp }` — and numbers stay numbers so arithmetic
 * works. Results are parsed back with EJSON, so a value the script did not touch returns with
 * its exact type (the original lost Decimal128, Binary and Timestamp once a document changed).
 */
export function toSandboxJson(value: unknown): string {
  return JSON.stringify(value, sandboxReplacer);
}

/** Parses what a script returned; extended-JSON wrappers become BSON values again. */
export function fromSandboxJson(text: string): unknown {
  // Without a "$" no wrapper can be present and V8's parser is several times faster.
  if (!text.includes('"$')) return JSON.parse(text);
  return EJSON.parse(text, { relaxed: true, useBigInt64: true });
}

// `this[key]` is the raw value before toJSON() ran (Date and ObjectId have one).
function sandboxReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (typeof raw === 'bigint') return { $numberLong: raw.toString() };
  if (typeof raw === 'number' && !Number.isFinite(raw)) return { $numberDouble: String(raw) };
  if (raw === null || typeof raw !== 'object') return value;
  if (raw instanceof Date) {
    const ms = raw.getTime();
    if (Number.isNaN(ms)) return null;
    const year = raw.getUTCFullYear();
    return year >= 1970 && year <= 9999 ? { $date: raw.toISOString() } : { $date: { $numberLong: String(ms) } };
  }
  switch ((raw as { _bsontype?: string })._bsontype) {
    case undefined:
      return value;
    case 'ObjectId':
      return { $oid: (raw as ObjectId).toHexString() };
    case 'Decimal128':
      return { $numberDecimal: (raw as Decimal128).toString() };
    case 'Long':
      return { $numberLong: (raw as Long).toString() };
    case 'Int32':
    case 'Double':
      return (raw as { value: number }).value;
    case 'Binary':
    case 'Timestamp':
    default:
      return EJSON.serialize(raw as Binary | Timestamp, { relaxed: false });
  }
}
