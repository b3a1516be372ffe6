import { Buffer } from 'node:buffer';
import { ByteCursor, NotJsonCompatible, TAG, VERSION } from './binary-json-format.js';

/**
 * A script's outputs `[[data, attributes, origin], …]` as QuickJS wrote them (binary JSON), or
 * the documents and the attribute maps of outputs that are the inputs in order (two binary JSON
 * arrays, see EngineResult), turned straight into the JSON bytes of each `data`: no intermediate
 * objects or strings, which halves the cost of reading them and then calling JSON.stringify
 * (docs/benchmarks.md).
 *
 * Only the common shapes are handled here: null, booleans, numbers, strings, arrays, plain
 * objects whose keys are not array indices, dates and boxed primitives. Anything else (a shared
 * or cyclic reference, an array-index key, whose place JSON.stringify changes, a BigInt, a
 * typed array, an extended-JSON `$` key that must become a BSON value) returns undefined, and the
 * caller reads values instead (readBinaryJson + JSON.stringify), which decides exactly.
 */
export interface JsonOutputs {
  /** Every output's JSON, back to back; output i ends at `ends[i]`. */
  bytes: Uint8Array<ArrayBuffer>;
  ends: number[];
  attributes: Array<Record<string, string>>;
  origins: number[];
}

export function outputsAsJson(output: { bytes: Uint8Array; attributes?: Uint8Array }): JsonOutputs | undefined {
  try {
    if (!output.attributes) return new TextWriter(output.bytes).outputs();
    const documents = new TextWriter(output.bytes).documents();
    const attributes = new TextWriter(output.attributes).attributeList();
    if (attributes.length !== documents.ends.length) return undefined;
    return { ...documents, attributes, origins: Array.from(attributes, (_, i) => i) };
  } catch (error) {
    if (error === UNHANDLED || error instanceof NotJsonCompatible) return undefined;
    throw error;
  }
}

/** Thrown inside the writer when the shape is not one it handles. */
const UNHANDLED = Symbol('unhandled');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));
// The two-character escapes JSON.stringify uses; other control characters become \u00xx.
const SHORT_ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x08: 0x62, 0x0c: 0x66, 0x0a: 0x6e, 0x0d: 0x72, 0x09: 0x74 };
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

class TextWriter extends ByteCursor {
  private out: Uint8Array<ArrayBuffer>;
  private at = 0;
  /** Per atom: its JSON key with the colon (`"name":`), or undefined for an array-index key. */
  private keys: Array<Uint8Array | undefined> = [];
  private names: string[] = [];
  constructor(bytes: Uint8Array) {
    super(bytes);
    this.out = new Uint8Array(bytes.byteLength * 2 + 64);
  }

  outputs(): JsonOutputs {
    this.atomTable();
    if (this.bytes[this.pos++] !== TAG.Array) throw UNHANDLED;
    const count = this.leb();
    const ends: number[] = new Array(count);
    const attributes: Array<Record<string, string>> = new Array(count);
    const origins: number[] = new Array(count);
    for (let i = 0; i < count; i++) {
      if (this.bytes[this.pos++] !== TAG.Array || this.leb() !== 3) throw UNHANDLED;
      if (!this.value()) throw UNHANDLED;
      ends[i] = this.at;
      attributes[i] = this.attributes();
      if (this.bytes[this.pos++] !== TAG.Int32) throw UNHANDLED;
      const origin = this.leb();
      origins[i] = (origin >>> 1) ^ -(origin & 1);
    }
    if (this.pos !== this.bytes.length) throw UNHANDLED;
    return { bytes: this.out.subarray(0, this.at), ends, attributes, origins };
  }

  /** An array of documents: their JSON back to back. */
  documents(): { bytes: Uint8Array<ArrayBuffer>; ends: number[] } {
    this.atomTable();
    if (this.bytes[this.pos++] !== TAG.Array) throw UNHANDLED;
    const count = this.leb();
    const ends: number[] = new Array(count);
    for (let i = 0; i < count; i++) {
      if (!this.value()) throw UNHANDLED;
      ends[i] = this.at;
    }
    if (this.pos !== this.bytes.length) throw UNHANDLED;
    return { bytes: this.out.subarray(0, this.at), ends };
  }

  /** An array of attribute maps. */
  attributeList(): Array<Record<string, string>> {
    this.atomTable();
    if (this.bytes[this.pos++] !== TAG.Array) throw UNHANDLED;
    const count = this.leb();
    const attributes: Array<Record<string, string>> = new Array(count);
    for (let i = 0; i < count; i++) attributes[i] = this.attributes();
    if (this.pos !== this.bytes.length) throw UNHANDLED;
    return attributes;
  }

  /** The version and the property names; a "$" name (extended JSON) is for the value reader. */
  private atomTable(): void {
    if (this.bytes[this.pos++] !== VERSION) throw UNHANDLED;
    const atomCount = this.leb();
    for (let i = 0; i < atomCount; i++) {
      const atom = this.string();
      if (atom.charCodeAt(0) === 0x24) throw UNHANDLED;
      const isIndex = ARRAY_INDEX.test(atom) && Number(atom) < 4294967295;
      this.keys.push(isIndex ? undefined : Buffer.from(`${JSON.stringify(atom)}:`));
      this.names.push(atom);
    }
  }

  /** Writes the next value's JSON; false (nothing written) for `undefined`. */
  private value(): boolean {
    const tag = this.bytes[this.pos++];
    switch (tag) {
      case TAG.Null:
        this.ascii('null');
        return true;
      case TAG.Undefined:
        return false;
      case TAG.False:
        this.ascii('false');
        return true;
      case TAG.True:
        this.ascii('true');
        return true;
      case TAG.Int32: {
        const v = this.leb();
        this.ascii(String((v >>> 1) ^ -(v & 1)));
        return true;
      }
      case TAG.Float64: {
        const v = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        this.ascii(Number.isFinite(v) ? String(v) : 'null');
        return true;
      }
      case TAG.String:
        this.jsonString();
        return true;
      case TAG.Array:
        this.array();
        return true;
      case TAG.Object:
        this.object();
        return true;
      case TAG.Date:
        this.date();
        return true;
      case TAG.ObjectValue: {
        // A boxed string, number or boolean stringifies as the primitive.
        const inner = this.bytes[this.pos];
        if (inner !== TAG.String && inner !== TAG.Int32 && inner !== TAG.Float64 && inner !== TAG.True && inner !== TAG.False) throw UNHANDLED;
        return this.value();
      }
      default:
        throw UNHANDLED;
    }
  }

  private array(): void {
    const length = this.leb();
    this.byte(0x5b);
    for (let i = 0; i < length; i++) {
      if (i > 0) this.byte(0x2c);
      if (!this.value()) this.ascii('null');
    }
    this.byte(0x5d);
  }

  private object(): void {
    const count = this.leb();
    this.byte(0x7b);
    let written = 0;
    for (let i = 0; i < count; i++) {
      const ref = this.leb();
      const key = ref & 1 ? undefined : this.keys[(ref >>> 1) - 1];
      if (!key) throw UNHANDLED;
      const mark = this.at;
      if (written > 0) this.byte(0x2c);
      this.reserve(key.length);
      this.out.set(key, this.at);
      this.at += key.length;
      // An undefined property is left out, key and all.
      if (this.value()) written++;
      else this.at = mark;
    }
    this.byte(0x7d);
  }

  private date(): void {
    const tag = this.bytes[this.pos++];
    let ms: number;
    if (tag === TAG.Int32) {
      const v = this.leb();
      ms = (v >>> 1) ^ -(v & 1);
    } else if (tag === TAG.Float64) {
      ms = this.view.getFloat64(this.pos, true);
      this.pos += 8;
    } else throw UNHANDLED;
    // JSON.stringify calls Date#toJSON: an ISO string, or null for an invalid date.
    if (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15) this.ascii(`"${new Date(ms).toISOString()}"`);
    else this.ascii('null');
  }

  /** A string value as JSON.stringify writes it, in UTF-8. */
  private jsonString(): void {
    const header = this.leb();
    const length = header >>> 1;
    // Worst case: every code unit becomes \uXXXX (6 bytes), plus the quotes.
    this.reserve(length * 6 + 2);
    const out = this.out;
    const bytes = this.bytes;
    let at = this.at;
    let pos = this.pos;
    out[at++] = QUOTE;
    if ((header & 1) === 0) {
      for (const end = pos + length; pos < end; pos++) {
        const c = bytes[pos];
        if (c >= 0x20 && c !== QUOTE && c !== BACKSLASH && c < 0x80) out[at++] = c;
        else if (c >= 0x80) {
          out[at++] = 0xc0 | (c >> 6);
          out[at++] = 0x80 | (c & 0x3f);
        } else at = escape(out, at, c);
      }
    } else {
      for (const end = pos + length * 2; pos < end; pos += 2) {
        const c = bytes[pos] | (bytes[pos + 1] << 8);
        if (c < 0x80) {
          if (c >= 0x20 && c !== QUOTE && c !== BACKSLASH) out[at++] = c;
          else at = escape(out, at, c);
        } else if (c < 0x800) {
          out[at++] = 0xc0 | (c >> 6);
          out[at++] = 0x80 | (c & 0x3f);
        } else if (c >= 0xd800 && c <= 0xdbff && pos + 2 < end && (bytes[pos + 3] & 0xfc) === 0xdc) {
          // A surrogate pair: one code point, four UTF-8 bytes.
          const low = bytes[pos + 2] | (bytes[pos + 3] << 8);
          const cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          out[at++] = 0xf0 | (cp >> 18);
          out[at++] = 0x80 | ((cp >> 12) & 0x3f);
          out[at++] = 0x80 | ((cp >> 6) & 0x3f);
          out[at++] = 0x80 | (cp & 0x3f);
          pos += 2;
        } else if (c >= 0xd800 && c <= 0xdfff) {
          // A lone surrogate: JSON.stringify writes it as an escape.
          at = escape(out, at, c);
        } else {
          out[at++] = 0xe0 | (c >> 12);
          out[at++] = 0x80 | ((c >> 6) & 0x3f);
          out[at++] = 0x80 | (c & 0x3f);
        }
      }
    }
    out[at++] = QUOTE;
    this.at = at;
    this.pos = pos;
  }

  /** An attribute map: string values only (the prelude guarantees it). */
  private attributes(): Record<string, string> {
    if (this.bytes[this.pos++] !== TAG.Object) throw UNHANDLED;
    const count = this.leb();
    const map: Record<string, string> = {};
    for (let i = 0; i < count; i++) {
      const ref = this.leb();
      const key = ref & 1 ? String(ref >>> 1) : this.names[(ref >>> 1) - 1];
      if (key === undefined || key === '__proto__' || this.bytes[this.pos++] !== TAG.String) throw UNHANDLED;
      map[key] = this.string();
    }
    return map;
  }

  private ascii(text: string): void {
    this.reserve(text.length);
    for (let i = 0; i < text.length; i++) this.out[this.at++] = text.charCodeAt(i);
  }

  private byte(value: number): void {
    this.reserve(1);
    this.out[this.at++] = value;
  }

  private reserve(count: number): void {
    if (this.at + count <= this.out.length) return;
    const grown = new Uint8Array(Math.max(this.out.length * 2, this.at + count));
    grown.set(this.out.subarray(0, this.at));
    this.out = grown;
  }
}

function escape(out: Uint8Array, at: number, c: number): number {
  out[at++] = BACKSLASH;
  const short = SHORT_ESCAPES[c];
  if (short !== undefined) {
    out[at++] = short;
    return at;
  }
  out[at++] = 0x75;
  out[at++] = HEX[(c >> 12) & 15];
  out[at++] = HEX[(c >> 8) & 15];
  out[at++] = HEX[(c >> 4) & 15];
  out[at++] = HEX[c & 15];
  return at;
}
