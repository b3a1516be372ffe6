import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp, EJSON } from 'bson';

/**
 * Serialises a decoded value as "flat" JSON, the form users expect on a JSON topic: ObjectId →
 * hex string, Date → ISO-8601, Decimal128 → string, Long/bigint → number (string when unsafe),
 * Binary → base64, Timestamp → ISO-8601 of its seconds. Other BSON wrappers become plain values.
 */
export function stringifyFlat(value: unknown): string {
  return JSON.stringify(value, flatReplacer);
}

// `this[key]` is the raw value before toJSON() ran, which is what identifies BSON types.
function flatReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw === null || typeof raw !== 'object') {
    if (typeof raw === 'bigint') return Number.isSafeInteger(Number(raw)) ? Number(raw) : raw.toString();
    return value;
  }
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
  const bsontype = (raw as { _bsontype?: string })._bsontype;
  if (!bsontype) return value;
  switch (bsontype) {
    case 'ObjectId':
      return (raw as ObjectId).toHexString();
    case 'Decimal128':
      return (raw as Decimal128).toString();
    case 'Long': {
      const long = raw as Long;
      const asNumber = long.toNumber();
      return Number.isSafeInteger(asNumber) ? asNumber : long.toString();
    }
    case 'Int32':
      return (raw as Int32).value;
    case 'Double':
      return (raw as Double).value;
    case 'Binary':
      return Buffer.from((raw as Binary).buffer).toString('base64');
    case 'Timestamp':
      return new Date((raw as Timestamp).getHighBitsUnsigned() * 1000).toISOString();
    default:
      return EJSON.serialize(raw, { relaxed: true });
  }
}

/**
 * Parses JSON text; extended-JSON wrappers (`{"$oid": …}`, `{"$date": …}`) become BSON types, so
 * documents exported as EJSON round-trip into MongoDB with their types. Plain JSON is unchanged.
 */
export function parseJson(text: string): unknown {
  // Fast path: without a "$" no wrapper can be present, and plain JSON.parse is ~3x faster.
  if (!text.includes('"$')) return JSON.parse(text);
  return EJSON.parse(text, { relaxed: true });
}
