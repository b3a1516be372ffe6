/**
 * QuickJS's own value serialisation (`JS_WriteObject` / `JS_ReadObject`, exposed by
 * quickjs-emscripten as encodeBinaryJSON / decodeBinaryJSON), written and read here in Node.
 *
 * Why: inside QuickJS, `JSON.parse` costs ~12 µs and `JSON.stringify` ~10 µs per 300-byte
 * document, most of a UDF call. Reading this format costs QuickJS ~4 µs and writing it ~1 µs
 * (docs/benchmarks.md). The format is undocumented and may change with QuickJS, so the engine
 * round-trips a probe through both directions at boot ({@link binaryJsonWorks}) and falls back to
 * JSON strings if anything differs.
 *
 * Layout (QuickJS 2025-09-13, BC_VERSION 5): version byte, LEB128 atom count, the atoms (property
 * names) as strings, then one tagged value. Strings are LEB128 `length << 1 | wide` followed by
 * Latin-1 bytes or UTF-16LE code units. Property names refer to the atom table as `(index+1) << 1`,
 * or are array indices written inline as `n << 1 | 1`. Int32 numbers are zigzag LEB128.
 */

import { ByteCursor, NotJsonCompatible, TAG as Tag, UNSUPPORTED, VERSION } from './binary-json-format.js';

export { NotJsonCompatible } from './binary-json-format.js';

// ---------------------------------------------------------------------------------------------
// Writing: JSON values (what JSON.parse produces) only.

/** Encodes a JSON value (objects, arrays, strings, finite numbers, booleans, null) for decodeBinaryJSON. */
export function writeBinaryJson(value: unknown): Uint8Array<ArrayBuffer> {
  const writer = new BinaryJsonWriter();
  writer.value(value);
  return writer.finish();
}

/** Writes one binary JSON value; subclasses may take other inputs (see json-transcode.ts). */
export class BinaryJsonWriter {
  protected body = new Uint8Array(64 * 1024);
  protected pos = 0;
  protected readonly atoms = new Map<string, number>();
  private readonly floats = new DataView(new ArrayBuffer(8));

  value(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.byte(Tag.String);
        this.string(value);
        return;
      case 'number':
        this.number(value);
        return;
      case 'boolean':
        this.byte(value ? Tag.True : Tag.False);
        return;
      case 'object':
        if (value === null) this.byte(Tag.Null);
        else if (Array.isArray(value)) {
          this.byte(Tag.Array);
          this.leb(value.length);
          for (let i = 0; i < value.length; i++) this.value(value[i]);
        } else {
          const keys = Object.keys(value);
          this.byte(Tag.Object);
          this.leb(keys.length);
          for (const key of keys) {
            this.leb((this.atom(key) + 1) << 1);
            this.value((value as Record<string, unknown>)[key]);
          }
        }
        return;
      default:
        throw new TypeError(`cannot write a ${typeof value} as binary JSON`);
    }
  }

  finish(): Uint8Array<ArrayBuffer> {
    const body = this.body.subarray(0, this.pos);
    this.body = new Uint8Array(64 + this.atoms.size * 16);
    this.pos = 0;
    this.byte(VERSION);
    this.leb(this.atoms.size);
    for (const key of this.atoms.keys()) this.string(key);
    const out = new Uint8Array(this.pos + body.length);
    out.set(this.body.subarray(0, this.pos));
    out.set(body, this.pos);
    return out;
  }

  /** The index of a property name in the atom table, added on first use. */
  protected atom(key: string): number {
    let atom = this.atoms.get(key);
    if (atom === undefined) this.atoms.set(key, (atom = this.atoms.size));
    return atom;
  }

  protected number(value: number): void {
    if ((value | 0) === value && !Object.is(value, -0)) {
      this.byte(Tag.Int32);
      this.leb((value << 1) ^ (value >> 31));
    } else {
      this.float(value);
    }
  }

  private float(value: number): void {
    this.reserve(9);
    this.body[this.pos++] = Tag.Float64;
    this.floats.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) this.body[this.pos++] = this.floats.getUint8(i);
  }

  protected string(text: string): void {
    const length = text.length;
    this.reserve(5 + length * 2);
    const start = this.pos;
    this.leb(length << 1);
    const bytes = this.body;
    let pos = this.pos;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0xff) {
        // One code unit above Latin-1: the whole string is written as UTF-16.
        this.pos = start;
        this.wide(text);
        return;
      }
      bytes[pos++] = code;
    }
    this.pos = pos;
  }

  private wide(text: string): void {
    const length = text.length;
    this.leb((length << 1) | 1);
    const bytes = this.body;
    let pos = this.pos;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      bytes[pos++] = code & 0xff;
      bytes[pos++] = code >> 8;
    }
    this.pos = pos;
  }

  protected leb(value: number): void {
    this.reserve(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.body[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.body[this.pos++] = v;
  }

  protected byte(value: number): void {
    this.reserve(1);
    this.body[this.pos++] = value;
  }

  protected reserve(bytes: number): void {
    if (this.pos + bytes <= this.body.length) return;
    const grown = new Uint8Array(Math.max(this.body.length * 2, this.pos + bytes));
    grown.set(this.body.subarray(0, this.pos));
    this.body = grown;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading: whatever a script returned, with JSON.stringify's meaning.

/** A decoded value, and whether any property name starts with `$` (extended-JSON wrappers may be present). */
export interface BinaryJsonValue {
  value: unknown;
  dollarKeys: boolean;
}


/**
 * Decodes encodeBinaryJSON output into the value `JSON.parse(JSON.stringify(x))` would give:
 * `undefined` properties are dropped (and become null in arrays), non-finite numbers become null,
 * dates become ISO strings, boxed primitives are unwrapped. Throws {@link NotJsonCompatible} for
 * BigInt, typed arrays, cycles and anything else JSON.stringify would reject or treat specially.
 */
export function readBinaryJson(bytes: Uint8Array): BinaryJsonValue {
  return new Reader(bytes).read();
}

/** Marks an object still being read, so a reference back to it (a cycle) is detected. */
const OPEN = Symbol('open');

class Reader extends ByteCursor {
  private atoms: string[] = [];
  private readonly objects: unknown[] = [];
  /** `open[i]`: object i is still being read, so a reference to it is a cycle. */
  private readonly open: boolean[] = [];

  read(): BinaryJsonValue {
    if (this.bytes[this.pos++] !== VERSION) throw new NotJsonCompatible('unexpected binary JSON version');
    const count = this.leb();
    let dollarKeys = false;
    this.atoms = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      const atom = this.string();
      if (atom.charCodeAt(0) === 0x24) dollarKeys = true;
      this.atoms[i] = atom;
    }
    const value = this.value();
    if (this.pos !== this.bytes.length) throw new NotJsonCompatible('trailing bytes after binary JSON value');
    return { value: value === undefined ? null : value, dollarKeys };
  }

  /** Returns `undefined` for values JSON.stringify leaves out. */
  private value(): unknown {
    const tag = this.bytes[this.pos++];
    switch (tag) {
      case Tag.Null:
        return null;
      case Tag.Undefined:
        return undefined;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int32: {
        const v = this.leb();
        return (v >>> 1) ^ -(v & 1);
      }
      case Tag.Float64: {
        const v = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return Number.isFinite(v) ? v : null;
      }
      case Tag.String:
        return this.string();
      case Tag.Array: {
        const index = this.objects.length;
        const length = this.leb();
        const array = new Array<unknown>(length);
        this.objects.push(array);
        this.open.push(true);
        for (let i = 0; i < length; i++) {
          const item = this.value();
          array[i] = item === undefined ? null : item;
        }
        this.open[index] = false;
        return array;
      }
      case Tag.Object: {
        const index = this.objects.length;
        const object: Record<string, unknown> = {};
        this.objects.push(object);
        this.open.push(true);
        const count = this.leb();
        for (let i = 0; i < count; i++) {
          const ref = this.leb();
          const key = ref & 1 ? String(ref >>> 1) : this.atoms[(ref >>> 1) - 1];
          if (key === undefined) throw new NotJsonCompatible('unknown property name');
          const item = this.value();
          if (item === undefined) continue;
          // A "__proto__" key is an own property in JSON, not the prototype.
          if (key === '__proto__') Object.defineProperty(object, key, { value: item, enumerable: true, writable: true, configurable: true });
          else object[key] = item;
        }
        this.open[index] = false;
        return object;
      }
      case Tag.Date:
        // JSON.stringify calls Date#toJSON: an ISO string, or null for an invalid date.
        return this.wrapper((time) => (typeof time === 'number' && Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : null));
      case Tag.ObjectValue:
        // A boxed primitive (new String("s")) stringifies as the primitive.
        return this.wrapper((inner) => inner);
      case Tag.Reference: {
        const index = this.leb();
        if (index >= this.objects.length || this.open[index] || this.objects[index] === OPEN) {
          throw new NotJsonCompatible('TypeError: the result contains a circular reference, which JSON cannot carry');
        }
        return this.objects[index];
      }
      default:
        throw new NotJsonCompatible(`TypeError: the result contains ${UNSUPPORTED[tag] ?? `a value (binary JSON tag ${tag})`}, which JSON cannot carry`);
    }
  }

  /** An object around one value (Date, boxed primitive): counted as an object, replaced by what it stands for. */
  private wrapper(convert: (inner: unknown) => unknown): unknown {
    const index = this.objects.length;
    this.objects.push(OPEN);
    this.open.push(false);
    const value = convert(this.value());
    this.objects[index] = value;
    return value;
  }
}
