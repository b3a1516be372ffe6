import avro from 'avsc';
import { Binary, Decimal128, ObjectId } from 'bson';
import { toInt64 } from './avro-long.js';

/*
 * avsc 5.7.9 ships no logical types, so these map Avro's onto the host's decoded form, in which
 * BSON types survive: timestamps → Date, decimal → Decimal128, uuid → string, date → 'YYYY-MM-DD',
 * time → 'HH:MM:SS.sss'. `_toValue` returns undefined for a value it cannot represent; avsc then
 * reports the field's path through `isValid`'s error hook (the host turns that into a DataError).
 * Logical values must reject null so nullable unions pick the right branch.
 */

type Schema = avro.Schema & { precision?: number; scale?: number; size?: number; type?: unknown };
const DAY_MS = 86_400_000;
/** Unscaled decimals below 2^47 take the fast number path (6 bytes). */
const SMALL = 2n ** 47n;

function bsonType(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? (value as { _bsontype?: string })._bsontype : undefined;
}

/** Epoch milliseconds of a Date, an ISO-8601 string, an epoch number or a BSON Long/Timestamp. */
function epochMillis(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (bsonType(value) === 'Timestamp') return (value as { getHighBitsUnsigned(): number }).getHighBitsUnsigned() * 1000;
  const n = toInt64(value);
  return n === undefined ? undefined : Number(n);
}

abstract class HostLogicalType extends avro.types.LogicalType {
  /** Same logical type written by the writer: values are already logical. Plain underlying: convert. */
  protected override _resolve(type: avro.Type): unknown {
    if (avro.Type.isType(type, 'logical')) return type.typeName === this.typeName ? (v: unknown) => v : undefined;
    return type.typeName === this.underlyingType.typeName ? (v: unknown) => this._fromValue(v) : undefined;
  }
}

/** `long` + `timestamp-millis` ⇄ Date. */
export class TimestampMillisType extends HostLogicalType {
  protected override _fromValue(value: number | bigint): Date {
    return new Date(Number(value));
  }
  protected override _toValue(value: unknown): number | undefined {
    if (value === null || value === undefined) return undefined;
    return epochMillis(value);
  }
}

/** `long` + `timestamp-micros` ⇄ Date (sub-millisecond digits are dropped on decode: Date has none). */
export class TimestampMicrosType extends HostLogicalType {
  protected override _fromValue(value: number | bigint): Date {
    return new Date(Math.floor(Number(value) / 1000));
  }
  protected override _toValue(value: unknown): number | undefined {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'string') {
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) return undefined;
      // Keep the microseconds an ISO string may carry beyond the millisecond.
      const micros = /\.\d{3}(\d{1,3})/.exec(value)?.[1];
      return ms * 1000 + (micros ? Number(micros.padEnd(3, '0')) : 0);
    }
    if (value instanceof Date || bsonType(value) === 'Timestamp') {
      const ms = epochMillis(value);
      return ms === undefined ? undefined : ms * 1000;
    }
    const n = toInt64(value);
    return n === undefined ? undefined : Number(n);
  }
}

/** `int` + `date` ⇄ 'YYYY-MM-DD' (the JSON Schema `format: date` form; see docs/schemas.md). */
export class DateType extends HostLogicalType {
  protected override _fromValue(days: number): string {
    return new Date(days * DAY_MS).toISOString().slice(0, 10);
  }
  protected override _toValue(value: unknown): number | undefined {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const ms = Date.parse(`${value}T00:00:00Z`);
      return Number.isNaN(ms) ? undefined : ms / DAY_MS;
    }
    const ms = value instanceof Date || typeof value === 'string' ? epochMillis(value) : undefined;
    return ms === undefined ? undefined : Math.floor(ms / DAY_MS);
  }
}

function parseTime(value: string, digits: number): number | undefined {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|[+-]00:?00)?$/i.exec(value);
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return undefined;
  const fraction = Number((m[4] ?? '').padEnd(digits, '0').slice(0, digits) || 0);
  return ((h * 60 + min) * 60 + s) * 10 ** digits + fraction;
}

function formatTime(units: number, digits: number): string {
  const scale = 10 ** digits;
  const seconds = Math.floor(units / scale);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}.${String(units % scale).padStart(digits, '0')}`;
}

/** `int` + `time-millis` ⇄ 'HH:MM:SS.sss' (also accepts ms since midnight, or a Date's UTC time). */
export class TimeMillisType extends HostLogicalType {
  protected override _fromValue(ms: number): string {
    return formatTime(ms, 3);
  }
  protected override _toValue(value: unknown): number | undefined {
    if (typeof value === 'string') return parseTime(value, 3);
    if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value < DAY_MS ? value : undefined;
    if (value instanceof Date) return ((value.getTime() % DAY_MS) + DAY_MS) % DAY_MS;
    return undefined;
  }
}

/** `long` + `time-micros` ⇄ 'HH:MM:SS.ssssss'. */
export class TimeMicrosType extends HostLogicalType {
  protected override _fromValue(us: number | bigint): string {
    return formatTime(Number(us), 6);
  }
  protected override _toValue(value: unknown): number | undefined {
    if (typeof value === 'string') return parseTime(value, 6);
    if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value < DAY_MS * 1000 ? value : undefined;
    if (value instanceof Date) return (((value.getTime() % DAY_MS) + DAY_MS) % DAY_MS) * 1000;
    return undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `string` + `uuid` ⇄ string; a BSON UUID (Binary subtype 4) is written as its text form. */
export class UuidType extends HostLogicalType {
  protected override _fromValue(value: string): string {
    return value;
  }
  protected override _toValue(value: unknown): string | undefined {
    if (typeof value === 'string') return UUID.test(value) ? value : undefined;
    if (bsonType(value) === 'Binary' && (value as Binary).sub_type === Binary.SUBTYPE_UUID) {
      const hex = Buffer.from((value as Binary).buffer).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    return undefined;
  }
}

/** `string` + `objectid` (mstream's own, as in the original) ⇄ BSON ObjectId, so `_id`s survive Avro. */
export class ObjectIdType extends HostLogicalType {
  protected override _fromValue(value: string): ObjectId | string {
    return ObjectId.isValid(value) && value.length === 24 ? new ObjectId(value) : value;
  }
  protected override _toValue(value: unknown): string | undefined {
    if (typeof value === 'string') return /^[0-9a-f]{24}$/i.test(value) ? value : undefined;
    if (bsonType(value) === 'ObjectId') return (value as ObjectId).toHexString();
    return undefined;
  }
}

/** `bytes` or `fixed` + `decimal(precision, scale)` ⇄ Decimal128 (a string when beyond 34 digits). */
export class DecimalType extends HostLogicalType {
  private readonly precision: number;
  private readonly scale: number;
  private readonly size?: number;

  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    const s = schema as Schema;
    this.precision = s.precision ?? 0;
    this.scale = s.scale ?? 0;
    this.size = typeof s.size === 'number' ? s.size : undefined;
    if (!Number.isInteger(this.precision) || this.precision < 1) throw new Error('decimal needs a positive integer precision');
    if (!Number.isInteger(this.scale) || this.scale < 0 || this.scale > this.precision) throw new Error('decimal scale must be between 0 and precision');
  }

  protected override _export(attrs: avro.Schema): void {
    Object.assign(attrs as object, { precision: this.precision, scale: this.scale });
  }

  protected override _resolve(type: avro.Type): unknown {
    if (avro.Type.isType(type, 'logical') && type.typeName === this.typeName) {
      const writer = type as unknown as DecimalType;
      return writer.scale === this.scale ? (v: unknown) => v : undefined;
    }
    return super._resolve(type);
  }

  protected override _fromValue(buf: Buffer): Decimal128 | string {
    // Up to 6 bytes fit a JS number exactly: skip BigInt on the common small values.
    let unscaled: number | bigint = buf.length === 0 ? 0 : buf.length <= 6 ? buf.readIntBE(0, buf.length) : BigInt.asIntN(buf.length * 8, BigInt(`0x${buf.toString('hex')}`));
    const negative = unscaled < 0;
    if (negative) unscaled = -unscaled;
    const digits = unscaled.toString().padStart(this.scale + 1, '0');
    const text = `${negative ? '-' : ''}${this.scale ? `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}` : digits}`;
    try {
      return Decimal128.fromString(text);
    } catch {
      return text;
    }
  }

  protected override _toValue(value: unknown): Buffer | undefined {
    let text: string;
    if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
    else if (typeof value === 'string') text = value.trim();
    else if (typeof value === 'bigint') text = value.toString();
    else if (bsonType(value) === 'Decimal128') text = (value as Decimal128).toString();
    else return undefined;
    const unscaled = this.unscale(text);
    if (unscaled === undefined) return undefined;
    return this.toBytes(unscaled);
  }

  /** The unscaled integer, or undefined when it needs more digits or more scale than declared (no silent rounding). */
  private unscale(text: string): bigint | undefined {
    const m = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m || (!m[2] && !m[3])) return undefined;
    let digits = `${m[2] ?? ''}${m[3] ?? ''}`;
    let scale = (m[3] ?? '').length - Number(m[4] ?? 0);
    while (scale > this.scale && digits.endsWith('0')) {
      digits = digits.slice(0, -1);
      scale--;
    }
    if (scale > this.scale) return undefined;
    let unscaled = BigInt(digits || '0') * 10n ** BigInt(this.scale - scale);
    if ((unscaled === 0n ? 1 : unscaled.toString().length) > this.precision) return undefined;
    if (m[1] === '-') unscaled = -unscaled;
    return unscaled;
  }

  private toBytes(unscaled: bigint): Buffer | undefined {
    if (unscaled >= -SMALL && unscaled < SMALL) {
      const n = Number(unscaled);
      let length = 1;
      while (n < -(2 ** (length * 8 - 1)) || n >= 2 ** (length * 8 - 1)) length++;
      if (this.size !== undefined && length > this.size) return undefined;
      const out = Buffer.alloc(this.size ?? length, n < 0 ? 0xff : 0);
      out.writeIntBE(n, out.length - length, length);
      return out;
    }
    let length = 1;
    while (unscaled < -(2n ** BigInt(length * 8 - 1)) || unscaled >= 2n ** BigInt(length * 8 - 1)) length++;
    if (this.size !== undefined && length > this.size) return undefined;
    const size = this.size ?? length;
    const hex = BigInt.asUintN(size * 8, unscaled).toString(16).padStart(size * 2, '0');
    return Buffer.from(hex, 'hex');
  }
}

/** Every logical type the host understands, for `Type.forSchema(schema, { logicalTypes })`. */
export const LOGICAL_TYPES = {
  'timestamp-millis': TimestampMillisType,
  'timestamp-micros': TimestampMicrosType,
  date: DateType,
  'time-millis': TimeMillisType,
  'time-micros': TimeMicrosType,
  uuid: UuidType,
  objectid: ObjectIdType,
  decimal: DecimalType,
} as const;
