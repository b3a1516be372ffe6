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

/** The value a script sees for `value`: {@link toSandboxJson} parsed. */
export function toSandboxValue(value: unknown): unknown {
  const text = toSandboxJson(value);
  return text === undefined ? null : JSON.parse(text);
}

/**
 * Turns a document a script returned back into BSON values where it holds extended-JSON
 * wrappers. `plain` is true when there were none (so plain JSON.stringify encodes it).
 */
export function fromSandboxValue(value: unknown): { value: unknown; plain: boolean } {
  if (value === null || typeof value !== 'object') return { value, plain: true };
  const text = JSON.stringify(value);
  if (!text.includes('"$')) return { value, plain: true };
  return { value: EJSON.parse(text, { relaxed: true, useBigInt64: true }), plain: false };
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
